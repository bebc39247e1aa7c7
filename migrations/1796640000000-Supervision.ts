import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 督办 (issue 19, part 4): 责任部门 as organisation units with accounts (role `department`, users.department_id),
 * 卡点堵点 assigned to one as a 交办单 (project_problems.department_id, assigned_at, overdue_episode for one
 * escalation per overdue episode) and the department's replies (problem_replies). Rows from before keep their
 * free-text responsible_department and no department: departments did not exist, so nothing can be matched
 * by name here (the demo seed and admins assign them from now on).
 * The new enum value is only added here, never used in this transaction (PostgreSQL forbids that).
 */
export class Supervision1796640000000 implements MigrationInterface {
  name = 'Supervision1796640000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"departments\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"name\" character varying(100) NOT NULL, \"region_unit_id\" uuid NOT NULL, \"leader_user_id\" uuid, \"is_active\" boolean NOT NULL DEFAULT true, \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_departments_id\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_departments_leader_user_id\" ON \"departments\"  (\"leader_user_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_departments_unit_name\" ON \"departments\"  (\"region_unit_id\", \"name\") ");
    await queryRunner.query("CREATE TABLE \"problem_replies\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"problem_id\" uuid NOT NULL, \"author_user_id\" uuid NOT NULL, \"body\" character varying(2000) NOT NULL, \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_problem_replies_id\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_problem_replies_author_user_id\" ON \"problem_replies\"  (\"author_user_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_problem_replies_problem_id\" ON \"problem_replies\"  (\"problem_id\", \"created_at\") ");
    await queryRunner.query("ALTER TABLE \"users\" ADD \"department_id\" uuid");
    await queryRunner.query("ALTER TABLE \"project_problems\" ADD \"department_id\" uuid");
    await queryRunner.query("ALTER TABLE \"project_problems\" ADD \"assigned_at\" TIMESTAMP(3) WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"project_problems\" ADD \"overdue_episode\" integer NOT NULL DEFAULT '0'");
    await queryRunner.query("ALTER TYPE \"public\".\"user_role\" ADD VALUE 'department'");
    await queryRunner.query("CREATE INDEX \"ix_users_department_id\" ON \"users\"  (\"department_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_project_problems_department_id\" ON \"project_problems\"  (\"department_id\") ");
    await queryRunner.query("ALTER TABLE \"departments\" ADD CONSTRAINT \"fk_departments_region_unit_id\" FOREIGN KEY (\"region_unit_id\") REFERENCES \"region_units\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"departments\" ADD CONSTRAINT \"fk_departments_leader_user_id\" FOREIGN KEY (\"leader_user_id\") REFERENCES \"users\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"users\" ADD CONSTRAINT \"fk_users_department_id\" FOREIGN KEY (\"department_id\") REFERENCES \"departments\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"project_problems\" ADD CONSTRAINT \"fk_project_problems_department_id\" FOREIGN KEY (\"department_id\") REFERENCES \"departments\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"problem_replies\" ADD CONSTRAINT \"fk_problem_replies_problem_id\" FOREIGN KEY (\"problem_id\") REFERENCES \"project_problems\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"problem_replies\" ADD CONSTRAINT \"fk_problem_replies_author_user_id\" FOREIGN KEY (\"author_user_id\") REFERENCES \"users\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "problem_replies"');
    await queryRunner.query('ALTER TABLE "project_problems" DROP CONSTRAINT "fk_project_problems_department_id"');
    await queryRunner.query('ALTER TABLE "users" DROP CONSTRAINT "fk_users_department_id"');
    await queryRunner.query('DROP INDEX "public"."ix_project_problems_department_id"');
    await queryRunner.query('DROP INDEX "public"."ix_users_department_id"');
    await queryRunner.query('ALTER TABLE "project_problems" DROP COLUMN "overdue_episode"');
    await queryRunner.query('ALTER TABLE "project_problems" DROP COLUMN "assigned_at"');
    await queryRunner.query('ALTER TABLE "project_problems" DROP COLUMN "department_id"');
    await queryRunner.query('DELETE FROM "users" WHERE "role" = \'department\'');
    await queryRunner.query('ALTER TABLE "users" DROP COLUMN "department_id"');
    await queryRunner.query('DROP TABLE "departments"');
    await queryRunner.query('ALTER TYPE "public"."user_role" RENAME TO "user_role_old"');
    await queryRunner.query("CREATE TYPE \"public\".\"user_role\" AS ENUM('admin', 'manager', 'member')");
    await queryRunner.query('ALTER TABLE "users" ALTER COLUMN "role" TYPE "public"."user_role" USING "role"::"text"::"public"."user_role"');
    await queryRunner.query('DROP TYPE "public"."user_role_old"');
  }
}
