-- sqlmigrate lwapp <migration> of Django 3.2.25's postgresql backend,
-- written by tests/django/sqlmigrate/generate (do not edit).
BEGIN;
--
-- Create model Item
--
CREATE TABLE "lwapp_item" ("id" serial NOT NULL PRIMARY KEY, "name" varchar(50) NOT NULL);
--
-- Create model Money
--
CREATE TABLE "lwapp_money" ("id" serial NOT NULL PRIMARY KEY, "amount" numeric(12, 2) NOT NULL);
--
-- Create model Doc
--
CREATE TABLE "lwapp_doc" ("id" serial NOT NULL PRIMARY KEY, "data" jsonb NULL);
--
-- Create model Counter
--
CREATE TABLE "lwapp_counter" ("id" serial NOT NULL PRIMARY KEY, "value" integer NULL);
--
-- Create model Event
--
CREATE TABLE "lwapp_event" ("id" serial NOT NULL PRIMARY KEY, "when" timestamp with time zone NULL, "num" smallint NOT NULL, "item_id" integer NULL);
ALTER TABLE "lwapp_event" ADD CONSTRAINT "lwapp_event_item_id_4fcebc74_fk_lwapp_item_id" FOREIGN KEY ("item_id") REFERENCES "lwapp_item" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "lwapp_event_item_id_4fcebc74" ON "lwapp_event" ("item_id");
COMMIT;
BEGIN;
--
-- Alter field name on item
--
ALTER TABLE "lwapp_item" ALTER COLUMN "name" TYPE varchar(100);
--
-- Add field other to item
--
ALTER TABLE "lwapp_item" ADD COLUMN "other" varchar(100) DEFAULT '' NOT NULL;
ALTER TABLE "lwapp_item" ALTER COLUMN "other" DROP DEFAULT;
--
-- Alter field amount on money
--
ALTER TABLE "lwapp_money" ALTER COLUMN "amount" TYPE numeric(30, 20);
--
-- Add field qty to money
--
ALTER TABLE "lwapp_money" ADD COLUMN "qty" integer DEFAULT 1 NOT NULL;
ALTER TABLE "lwapp_money" ALTER COLUMN "qty" DROP DEFAULT;
--
-- Alter field value on counter
--
ALTER TABLE "lwapp_counter" ALTER COLUMN "value" SET DEFAULT 0;
UPDATE "lwapp_counter" SET "value" = 0 WHERE "value" IS NULL;
ALTER TABLE "lwapp_counter" ALTER COLUMN "value" SET NOT NULL;
ALTER TABLE "lwapp_counter" ALTER COLUMN "value" DROP DEFAULT;
--
-- Alter field num on event
--
ALTER TABLE "lwapp_event" ALTER COLUMN "num" TYPE integer USING "num"::integer;
--
-- Alter field when on event
--
ALTER TABLE "lwapp_event" ALTER COLUMN "when" SET NOT NULL;
--
-- Rename field item on event to source
--
SET CONSTRAINTS "lwapp_event_item_id_4fcebc74_fk_lwapp_item_id" IMMEDIATE; ALTER TABLE "lwapp_event" DROP CONSTRAINT "lwapp_event_item_id_4fcebc74_fk_lwapp_item_id";
ALTER TABLE "lwapp_event" RENAME COLUMN "item_id" TO "source_id";
ALTER TABLE "lwapp_event" ADD CONSTRAINT "lwapp_event_source_id_43c41bf9_fk_lwapp_item_id" FOREIGN KEY ("source_id") REFERENCES "lwapp_item" ("id") DEFERRABLE INITIALLY DEFERRED;
--
-- Create index lwapp_event_when_idx on field(s) when of model event
--
CREATE INDEX "lwapp_event_when_idx" ON "lwapp_event" ("when");
--
-- Create constraint lwapp_item_name_other_uniq on model item
--
ALTER TABLE "lwapp_item" ADD CONSTRAINT "lwapp_item_name_other_uniq" UNIQUE ("name", "other");
COMMIT;
BEGIN;
--
-- Remove index lwapp_event_when_idx from event
--
DROP INDEX IF EXISTS "lwapp_event_when_idx";
--
-- Remove constraint lwapp_item_name_other_uniq from model item
--
ALTER TABLE "lwapp_item" DROP CONSTRAINT "lwapp_item_name_other_uniq";
--
-- Remove field source from event
--
SET CONSTRAINTS "lwapp_event_source_id_43c41bf9_fk_lwapp_item_id" IMMEDIATE; ALTER TABLE "lwapp_event" DROP CONSTRAINT "lwapp_event_source_id_43c41bf9_fk_lwapp_item_id";
ALTER TABLE "lwapp_event" DROP COLUMN "source_id" CASCADE;
COMMIT;
BEGIN;
--
-- Create model Price
--
CREATE TABLE "lwapp_price" ("id" serial NOT NULL PRIMARY KEY, "value" numeric(5, 2) NULL);
COMMIT;
