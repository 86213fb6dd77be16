-- Exact decimals: PostgreSQL numeric results instead of binary floating point
CREATE TABLE payments(amount TEXT);
INSERT INTO payments VALUES ('0.10'), ('0.20'), ('0.30');
SELECT sum(amount) = 0.6 AS float_sum_is_0_6, decimal_sum(amount) AS exact_sum FROM payments;
SELECT decimal_div(1, 3) AS one_third, decimal_round('2.5') AS half_away,
       decimal('12.345', 5, 2) AS numeric_5_2;
CREATE TABLE v(x TEXT);
INSERT INTO v VALUES ('10'), ('9.5'), ('1e0');
SELECT group_concat(x, ' < ') AS numeric_order FROM (SELECT x FROM v ORDER BY x COLLATE DECIMAL);
SELECT decimal_add('abc', 1) AS garbage_in;
