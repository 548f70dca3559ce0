{#- Spark keeps tables as plain Parquet, where no incremental strategy replaces rows by key
    (merge needs Delta or Iceberg): there the model is rebuilt whole each run. -#}
{{ config(
    materialized=('table' if target.type == 'spark' else 'incremental'),
    unique_key='event_id',
    on_schema_change='append_new_columns') }}

-- Deduplicated device events of known devices, with the account and location they belong to.
-- Incremental: a run appends what arrived after the latest received_at already loaded, so late
-- arrivals (old event_at, new received_at) are picked up; unique_key event_id replaces repeats.
select
    e.event_id,
    e.device_id,
    d.location_id,
    d.account_id,
    d.device_model_id,
    e.event_type,
    e.event_at,
    cast(e.event_at as date) as event_date,
    e.received_at,
    e.firmware_version,
    e.offline_seconds
from {{ ref('stg_iot__device_events') }} as e
inner join {{ ref('stg_app__devices') }} as d
    on d.device_id = e.device_id
{% if is_incremental() %}
where e.received_at > (select max(received_at) from {{ this }})
{% endif %}
