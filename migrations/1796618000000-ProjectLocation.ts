import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 项目位置 (issue 19, 招商地图): a project may carry a point picked on the map, shown there.
 * Both coordinates or neither, within China's extent.
 */
export class ProjectLocation1796618000000 implements MigrationInterface {
    name = 'ProjectLocation1796618000000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "projects" ADD "location_lng" numeric(9,6)`);
        await queryRunner.query(`ALTER TABLE "projects" ADD "location_lat" numeric(9,6)`);
        await queryRunner.query(`ALTER TABLE "projects" ADD CONSTRAINT "ck_projects_location" CHECK ((location_lng IS NULL) = (location_lat IS NULL) AND (location_lng IS NULL OR (location_lng BETWEEN 73 AND 136 AND location_lat BETWEEN 3 AND 54)))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "projects" DROP CONSTRAINT "ck_projects_location"`);
        await queryRunner.query(`ALTER TABLE "projects" DROP COLUMN "location_lat"`);
        await queryRunner.query(`ALTER TABLE "projects" DROP COLUMN "location_lng"`);
    }
}
