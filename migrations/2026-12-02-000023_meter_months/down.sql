DROP TABLE meter_months;
