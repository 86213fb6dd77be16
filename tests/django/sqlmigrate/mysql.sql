-- sqlmigrate lwapp <migration> of Django 3.2.25's mysql backend,
-- written by tests/django/sqlmigrate/generate (do not edit).
--
-- Create model Item
--
CREATE TABLE `lwapp_item` (`id` integer AUTO_INCREMENT NOT NULL PRIMARY KEY, `name` varchar(50) NOT NULL);
--
-- Create model Money
--
CREATE TABLE `lwapp_money` (`id` integer AUTO_INCREMENT NOT NULL PRIMARY KEY, `amount` numeric(12, 2) NOT NULL);
--
-- Create model Doc
--
CREATE TABLE `lwapp_doc` (`id` integer AUTO_INCREMENT NOT NULL PRIMARY KEY, `data` json NULL);
--
-- Create model Counter
--
CREATE TABLE `lwapp_counter` (`id` integer AUTO_INCREMENT NOT NULL PRIMARY KEY, `value` integer NULL);
--
-- Create model Event
--
CREATE TABLE `lwapp_event` (`id` integer AUTO_INCREMENT NOT NULL PRIMARY KEY, `when` datetime(6) NULL, `num` smallint NOT NULL, `item_id` integer NULL);
ALTER TABLE `lwapp_event` ADD CONSTRAINT `lwapp_event_item_id_4fcebc74_fk_lwapp_item_id` FOREIGN KEY (`item_id`) REFERENCES `lwapp_item` (`id`);
--
-- Alter field name on item
--
ALTER TABLE `lwapp_item` MODIFY `name` varchar(100) NOT NULL;
--
-- Add field other to item
--
ALTER TABLE `lwapp_item` ADD COLUMN `other` varchar(100) DEFAULT '' NOT NULL;
ALTER TABLE `lwapp_item` ALTER COLUMN `other` DROP DEFAULT;
--
-- Alter field amount on money
--
ALTER TABLE `lwapp_money` MODIFY `amount` numeric(30, 20) NOT NULL;
--
-- Add field qty to money
--
ALTER TABLE `lwapp_money` ADD COLUMN `qty` integer DEFAULT 1 NOT NULL;
ALTER TABLE `lwapp_money` ALTER COLUMN `qty` DROP DEFAULT;
--
-- Alter field value on counter
--
ALTER TABLE `lwapp_counter` ALTER COLUMN `value` SET DEFAULT 0;
UPDATE `lwapp_counter` SET `value` = 0 WHERE `value` IS NULL;
ALTER TABLE `lwapp_counter` MODIFY `value` integer NOT NULL;
ALTER TABLE `lwapp_counter` ALTER COLUMN `value` DROP DEFAULT;
--
-- Alter field num on event
--
ALTER TABLE `lwapp_event` MODIFY `num` integer NOT NULL;
--
-- Alter field when on event
--
ALTER TABLE `lwapp_event` MODIFY `when` datetime(6) NOT NULL;
--
-- Rename field item on event to source
--
ALTER TABLE `lwapp_event` DROP FOREIGN KEY `lwapp_event_item_id_4fcebc74_fk_lwapp_item_id`;
ALTER TABLE `lwapp_event` RENAME COLUMN `item_id` TO `source_id`;
ALTER TABLE `lwapp_event` ADD CONSTRAINT `lwapp_event_source_id_43c41bf9_fk_lwapp_item_id` FOREIGN KEY (`source_id`) REFERENCES `lwapp_item` (`id`);
--
-- Create index lwapp_event_when_idx on field(s) when of model event
--
CREATE INDEX `lwapp_event_when_idx` ON `lwapp_event` (`when`);
--
-- Create constraint lwapp_item_name_other_uniq on model item
--
ALTER TABLE `lwapp_item` ADD CONSTRAINT `lwapp_item_name_other_uniq` UNIQUE (`name`, `other`);
--
-- Remove index lwapp_event_when_idx from event
--
DROP INDEX `lwapp_event_when_idx` ON `lwapp_event`;
--
-- Remove constraint lwapp_item_name_other_uniq from model item
--
ALTER TABLE `lwapp_item` DROP INDEX `lwapp_item_name_other_uniq`;
--
-- Remove field source from event
--
ALTER TABLE `lwapp_event` DROP FOREIGN KEY `lwapp_event_source_id_43c41bf9_fk_lwapp_item_id`;
ALTER TABLE `lwapp_event` DROP COLUMN `source_id`;
--
-- Create model Price
--
CREATE TABLE `lwapp_price` (`id` integer AUTO_INCREMENT NOT NULL PRIMARY KEY, `value` numeric(5, 2) NULL);
