{#-
  Business logic shared by the entity models. Each macro takes SQL expressions (usually column
  names, quoted as strings) and returns one SQL expression. The formulas are documented in
  business_logic.yml and repeated in the model YAML where the columns are defined.
-#}

{#- MRR in currency units from a recurring amount in cents: the amount over the number of months
    its interval spans, rounded down to the whole cent per line, as the billing system books it. -#}
{% macro normalize_to_mrr(amount_cents, billing_interval, interval_count) -%}
    cast((case {{ billing_interval }}
        when 'month' then {{ int_div(amount_cents, interval_count) }}
        when 'year' then {{ int_div(amount_cents, '12 * ' ~ interval_count) }}
        when 'week' then {{ int_div('(' ~ amount_cents ~ ') * 52', '12 * ' ~ interval_count) }}
        when 'day' then {{ int_div('(' ~ amount_cents ~ ') * 365', '12 * ' ~ interval_count) }}
    end) / 100.0 as decimal(18, 2))
{%- endmacro %}

{#- An amount in currency units converted to US dollars at finance's planning rate
    (`stg_finance__fx_rates.usd_per_unit`), rounded once to the cent, halves away from zero. -#}
{% macro to_usd(amount, usd_per_unit) -%}
    cast(round(({{ amount }}) * {{ usd_per_unit }}, 2) as decimal(18, 2))
{%- endmacro %}

{#- Customer health, 0 (unhealthy) to 1 (healthy): what the account's fleet and billing say about
    it over the last 30 days, scaled by how engaged its subscription status is. A fleet with
    more than one device in ten offline scores nothing for uptime; twenty device events in 30
    days (a small fleet reporting normally) is full marks for activity. -#}
{% macro calculate_customer_health_score(subscription_status, device_events_30d, device_online_ratio, is_delinquent, mrr) -%}
    cast(round(cast(case
        when {{ subscription_status }} is null
          or {{ subscription_status }} in ('canceled', 'incomplete_expired', 'unpaid') then 0.0
        else
            (case {{ subscription_status }}
                when 'active' then 1.0
                when 'trialing' then 0.8
                when 'past_due' then 0.6
                else 0.4 end)
          * (0.30 * greatest(0.0, 1.0 - 10.0 * (1.0 - coalesce({{ device_online_ratio }}, 0.0)))
           + 0.35 * least(1.0, coalesce({{ device_events_30d }}, 0) / 20.0)
           + 0.25 * (case when {{ is_delinquent }} then 0.0 else 1.0 end)
           + 0.10 * least(1.0, coalesce({{ mrr }}, 0) / 500.0))
    end as decimal(38, 9)), 4) as {{ type_double() }})
{%- endmacro %}

{#- Churn risk, 0 (safe) to 1 (leaving): the warning signs that precede a cancellation, weighted
    by how well each predicts one in the next 90 days — nobody using the product (full weight
    after 45 days without activity), a fleet gone quiet (fewer than 20 device events in 30
    days), an unpaid invoice, and low health. An account that has already churned is at 1.
    Six weeks without use alone reaches the high band (0.4). -#}
{% macro calculate_churn_risk_score(subscription_status, device_events_30d, days_since_last_activity, is_delinquent, customer_health_score) -%}
    cast(round(cast(case
        when {{ subscription_status }} is null
          or {{ subscription_status }} in ('canceled', 'incomplete_expired', 'unpaid') then 1.0
        else least(1.0,
              0.40 * greatest(0.0, least(1.0, coalesce({{ days_since_last_activity }}, {{ var('churn_lookback_days') }}) / 45.0))
            + 0.25 * greatest(0.0, 1.0 - coalesce({{ device_events_30d }}, 0) / 20.0)
            + 0.20 * (case when {{ is_delinquent }} then 1.0 else 0.0 end)
            + 0.15 * (1.0 - coalesce({{ customer_health_score }}, 0.0)))
    end as decimal(38, 9)), 4) as {{ type_double() }})
{%- endmacro %}

{#- The bands the health and churn-risk scores are reported in, in one place. -#}
{% macro health_category(score) -%}
    case when {{ score }} >= 0.8 then 'healthy' when {{ score }} >= 0.5 then 'at_risk' else 'unhealthy' end
{%- endmacro %}

{% macro churn_risk_category(score) -%}
    case when {{ score }} >= 0.4 then 'high' when {{ score }} >= 0.2 then 'medium' else 'low' end
{%- endmacro %}

{#- round(expression, digits) computed on the decimal value, half away from zero. Rounding a
    double at a tie (1982.165 is stored as 1982.16499999...) depends on its binary form and on
    the engine's version; through DECIMAL(38, 9) every DuckDB gives the same answer, so saaslab's
    build and dbt's agree to the last digit. Returns a DOUBLE. -#}
{% macro round_exact(expression, digits) -%}
    cast(round(cast({{ expression }} as decimal(38, 9)), {{ digits }}) as {{ type_double() }})
{%- endmacro %}
