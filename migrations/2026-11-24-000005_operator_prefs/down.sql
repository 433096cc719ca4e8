DROP TABLE operator_prefs;
