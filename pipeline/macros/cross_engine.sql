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
