{#-
  dbt's cross-database macros that the project calls as `dbt.<name>(…)`, as dbt-duckdb renders
  them, so that saaslab's own build of the project writes the SQL dbt-duckdb would. Under real
  dbt these come from dbt itself and each adapter renders its own dialect (dbt-postgres,
  dbt-spark …); the arguments and their order are dbt's.
-#}

{% macro dateadd(datepart, interval, from_date_or_timestamp) -%}
    {%- set unit = datepart | lower -%}
    {%- if unit == 'quarter' -%}
        ({{ from_date_or_timestamp }} + (cast({{ interval }} as bigint) * 3) * interval 1 month)
    {%- elif unit == 'week' -%}
        ({{ from_date_or_timestamp }} + (cast({{ interval }} as bigint) * 7) * interval 1 day)
    {%- else -%}
        ({{ from_date_or_timestamp }} + cast({{ interval }} as bigint) * interval 1 {{ unit }})
    {%- endif -%}
{%- endmacro %}

{% macro datediff(first_date, second_date, datepart) -%}
    (date_diff('{{ datepart }}', {{ first_date }}::timestamp, {{ second_date }}::timestamp))
{%- endmacro %}

{% macro date_trunc(datepart, date) -%}
    date_trunc('{{ datepart }}', {{ date }})
{%- endmacro %}

{% macro safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}

{% macro any_value(expression) -%}
    arbitrary({{ expression }})
{%- endmacro %}
