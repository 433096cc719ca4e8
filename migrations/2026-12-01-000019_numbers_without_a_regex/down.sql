-- md_num as the catalog migration created it: the numeral pattern on the text of numbers too.
CREATE OR REPLACE FUNCTION md_num(v jsonb) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
        SELECT CASE
            WHEN jsonb_typeof(v) IN ('number', 'string')
                 AND (v #>> '{}') ~ '^-?[0-9]{1,16}([.][0-9]{1,12})?$'
            THEN (v #>> '{}')::numeric
        END
    $$;
