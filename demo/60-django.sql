-- Django's SQLite functions in C: ExtractMonth('at') with USE_TZ and TIME_ZONE = 'Europe/Paris'
SELECT at, django_datetime_extract('month', at, 'Europe/Paris', 'UTC') AS month_in_paris,
       django_datetime_trunc('day', at, 'America/New_York', 'UTC') AS day_in_new_york
FROM (SELECT '2021-03-31 23:30:00' AS at UNION ALL SELECT '2021-11-07 05:30:00.25');
