-- service_packages: the 1000-HPK package rules in use, one row per service per target type
-- (from the packages TOML, registered by pipelines.services as _svc_packages_df / _svc_types_df).
CREATE OR REPLACE TABLE service_packages AS
SELECT target_type::VARCHAR AS target_type,
       service::VARCHAR     AS service,
       label::VARCHAR       AS label,
       from_months::INTEGER AS from_months,
       to_months::INTEGER   AS to_months,
       risk::VARCHAR        AS risk,
       ordinal::INTEGER     AS ordinal
FROM _svc_packages_df
ORDER BY ordinal, target_type;

-- service_target_types: target types and their age range in months (NULL = no age, e.g. ibu hamil).
CREATE OR REPLACE TABLE service_target_types AS
SELECT target_type::VARCHAR AS target_type,
       label::VARCHAR       AS label,
       age_from::INTEGER    AS age_from,
       age_to::INTEGER      AS age_to
FROM _svc_types_df;
