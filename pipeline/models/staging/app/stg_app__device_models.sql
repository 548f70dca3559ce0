select
    id as device_model_id,
    sku,
    name as model_name,
    kind as device_kind,
    hardware_rev,
    stripe_product_id,
    cast(list_price_cents / 100.0 as decimal(18, 2)) as list_price,
    metric,
    reporting_interval_s,
    alert_threshold,
    alert_direction,
    battery_powered
from {{ source('app', 'device_models') }}
where not _fivetran_deleted
