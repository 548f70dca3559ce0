-- Finance's planning rates, one per billing currency, as exact decimals: converting with
-- them rounds once, to the cent, in `to_usd`.
select
    lower(trim(currency)) as currency,
    cast(usd_per_unit as decimal(18, 6)) as usd_per_unit
from {{ source('finance', 'fx_rates') }}
where currency is not null
