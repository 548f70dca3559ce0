{#-
  What SQL engines spell differently and dbt's own cross-database macros (`dbt.dateadd`,
  `dbt.datediff`, `dbt.safe_cast`, `dbt.any_value` …) do not cover. Each macro dispatches on the
  adapter (`adapter.dispatch`): `duckdb__` for DuckDB (saaslab's build and dbt-duckdb),
  `postgres__` for dbt-postgres, `spark__` for dbt-spark, `default__` otherwise. Every version
  gives the same answer; the YAML beside this file says what that answer is.
-#}

{#- Integer division, truncated toward zero, of two integer expressions (the operands here are
    never negative, where engines also agree on floor). -#}
{% macro int_div(dividend, divisor) -%}
    {{ adapter.dispatch('int_div', 'saaslab')(dividend, divisor) }}
{%- endmacro %}
{% macro duckdb__int_div(dividend, divisor) -%} (({{ dividend }}) // ({{ divisor }})) {%- endmacro %}
{% macro postgres__int_div(dividend, divisor) -%} div({{ dividend }}, {{ divisor }}) {%- endmacro %}
{% macro spark__int_div(dividend, divisor) -%} (({{ dividend }}) div ({{ divisor }})) {%- endmacro %}
{% macro default__int_div(dividend, divisor) -%} cast(floor(({{ dividend }}) / ({{ divisor }})) as bigint) {%- endmacro %}

{#- The first capture group of a regular expression (given as text, not a SQL literal) in a
    string: '' when the string does not match, null when it is null. -#}
{% macro regexp_capture(string, pattern) -%}
    {{ adapter.dispatch('regexp_capture', 'saaslab')(string, pattern) }}
{%- endmacro %}
{% macro default__regexp_capture(string, pattern) -%} regexp_extract({{ string }}, '{{ pattern }}', 1) {%- endmacro %}
{% macro postgres__regexp_capture(string, pattern) -%}
    coalesce(substring({{ string }} from '{{ pattern }}'), case when {{ string }} is not null then '' end)
{%- endmacro %}

{#- The 64-bit floating point type: `double` almost everywhere, `double precision` in
    PostgreSQL. -#}
{% macro type_double() -%}
    {{ adapter.dispatch('type_double', 'saaslab')() }}
{%- endmacro %}
{% macro default__type_double() -%} double {%- endmacro %}
{% macro postgres__type_double() -%} double precision {%- endmacro %}

{#- An expression as a 64-bit float, for a division that must not be integer or decimal
    division. -#}
{% macro to_double(expression) -%}
    cast({{ expression }} as {{ type_double() }})
{%- endmacro %}

{#- A query with one column, `column_name`, of the dates from start_date to end_date (both SQL
    expressions; end included when it falls on a step) one datepart apart: day, week or month.
    Use it as a subquery: `from ({{ date_series('month', "...", "...", 'month_start') }}) as months`. -#}
{% macro date_series(datepart, start_date, end_date, column_name) -%}
    {{ adapter.dispatch('date_series', 'saaslab')(datepart, start_date, end_date, column_name) }}
{%- endmacro %}
{% macro default__date_series(datepart, start_date, end_date, column_name) -%}
    select cast(series_value as date) as {{ column_name }}
    from generate_series(cast({{ start_date }} as timestamp), cast({{ end_date }} as timestamp), interval '1 {{ datepart }}') as series (series_value)
{%- endmacro %}
{% macro spark__date_series(datepart, start_date, end_date, column_name) -%}
    select explode(sequence(cast({{ start_date }} as date), cast({{ end_date }} as date), interval 1 {{ datepart }})) as {{ column_name }}
{%- endmacro %}

{#- The seconds from one timestamp to a later one, fractions kept, as a number. -#}
{% macro seconds_between(start_timestamp, end_timestamp) -%}
    {{ adapter.dispatch('seconds_between', 'saaslab')(start_timestamp, end_timestamp) }}
{%- endmacro %}
{% macro default__seconds_between(start_timestamp, end_timestamp) -%}
    epoch(({{ end_timestamp }}) - ({{ start_timestamp }}))
{%- endmacro %}
{% macro postgres__seconds_between(start_timestamp, end_timestamp) -%}
    extract(epoch from (({{ end_timestamp }}) - ({{ start_timestamp }})))
{%- endmacro %}
{% macro spark__seconds_between(start_timestamp, end_timestamp) -%}
    ((unix_micros(cast({{ end_timestamp }} as timestamp)) - unix_micros(cast({{ start_timestamp }} as timestamp))) / 1e6)
{%- endmacro %}

{#- The dataset's as-of date (the var), as a DATE or as the TIMESTAMP of its midnight, for date
    arithmetic through dbt.dateadd: `{{ dbt.dateadd('day', -30, as_of_date()) }}`. -#}
{% macro as_of_date() -%} cast('{{ var("as_of_date") }}' as date) {%- endmacro %}
{% macro as_of_timestamp() -%} cast('{{ var("as_of_date") }}' as timestamp) {%- endmacro %}

{#- `left join` to the one row of `relation` whose `key` column equals `left_key` and whose `time`
    column is the latest to satisfy `time <operator> left_time` (operator `<` or `<=`): the state
    in force at an instant, read from a table of changes. DuckDB has it built in (ASOF JOIN);
    elsewhere each change row knows the next change's time (lead), and the row that matches is
    the one whose successor no longer satisfies the condition. `relation` is a ref, a source or
    a CTE's name; `key` and `time` are its unqualified column names. -#}
{% macro asof_left_join(relation, alias, key, left_key, time, operator, left_time) -%}
    {{ adapter.dispatch('asof_left_join', 'saaslab')(relation, alias, key, left_key, time, operator, left_time) }}
{%- endmacro %}
{% macro duckdb__asof_left_join(relation, alias, key, left_key, time, operator, left_time) -%}
asof left join {{ relation }} as {{ alias }}
    on {{ alias }}.{{ key }} = {{ left_key }} and {{ alias }}.{{ time }} {{ operator }} {{ left_time }}
{%- endmacro %}
{% macro default__asof_left_join(relation, alias, key, left_key, time, operator, left_time) -%}
left join (
        select *, lead({{ time }}) over (partition by {{ key }} order by {{ time }}) as next_change_{{ time }}
        from {{ relation }}
    ) as {{ alias }}
    on {{ alias }}.{{ key }} = {{ left_key }}
    and {{ alias }}.{{ time }} {{ operator }} {{ left_time }}
    and ({{ alias }}.next_change_{{ time }} is null or not ({{ alias }}.next_change_{{ time }} {{ operator }} {{ left_time }}))
{%- endmacro %}

{#- Statistics for the planner on a table just built (a post_hook): the queries that join it
    by key plan better. -#}
{% macro analyze_relation(relation) -%}
    {{ adapter.dispatch('analyze_relation', 'saaslab')(relation) }}
{%- endmacro %}
{% macro default__analyze_relation(relation) -%} analyze {{ relation }} {%- endmacro %}
{% macro spark__analyze_relation(relation) -%} analyze table {{ relation }} compute statistics {%- endmacro %}
