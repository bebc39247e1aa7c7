import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 实际到位资金: the money in place per project and month, by source (市外省内 / 省外 / 境外)
 * and whether it is fixed-asset investment, reported apart from 完成投资.
 */
export class ProjectMonthlyFunds1796600500000 implements MigrationInterface {
    name = 'ProjectMonthlyFunds1796600500000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE TYPE \"public\".\"funds_source\" AS ENUM('out_of_city', 'out_of_province', 'overseas')");
        await queryRunner.query("CREATE TABLE \"project_monthly_funds\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"project_id\" uuid NOT NULL, \"month\" date NOT NULL, \"source\" \"public\".\"funds_source\" NOT NULL, \"fixed_asset\" boolean NOT NULL, \"amount\" numeric(18,4) NOT NULL, \"reported_by_id\" uuid, \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"uq_project_monthly_funds_row\" UNIQUE (\"project_id\", \"month\", \"source\", \"fixed_asset\"), CONSTRAINT \"ck_project_monthly_funds_amount\" CHECK (amount >= 0), CONSTRAINT \"ck_project_monthly_funds_month\" CHECK (EXTRACT(DAY FROM month) = 1), CONSTRAINT \"pk_project_monthly_funds_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("ALTER TABLE \"project_monthly_funds\" ADD CONSTRAINT \"fk_project_monthly_funds_project_id\" FOREIGN KEY (\"project_id\") REFERENCES \"projects\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"project_monthly_funds\" ADD CONSTRAINT \"fk_project_monthly_funds_reported_by_id\" FOREIGN KEY (\"reported_by_id\") REFERENCES \"users\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("ALTER TABLE \"project_monthly_funds\" DROP CONSTRAINT \"fk_project_monthly_funds_reported_by_id\"");
        await queryRunner.query("ALTER TABLE \"project_monthly_funds\" DROP CONSTRAINT \"fk_project_monthly_funds_project_id\"");
        await queryRunner.query("DROP TABLE \"project_monthly_funds\"");
        await queryRunner.query("DROP TYPE \"public\".\"funds_source\"");
    }
}
