//! Data quality: the defects the simulation injected (from the answer key), and the data tests
//! that guard each damaged table, run on this warehouse — which saw the damage, which found it
//! cleaned by the staging models.

use crate::report::html::{table, Cx, Section};
use crate::report::svg::{self, esc, Bars};
use crate::text::group;

pub fn add(cx: &Cx, out: &mut Vec<Section>) {
    let f = cx.f;
    if f.defects.is_empty() {
        out.push(Section { id: "quality", title: "Data quality", body: "<p>This dataset's answer key (<code>truth/defects</code>) is not in it, so the injected defects cannot be shown.</p>".into() });
        return;
    }
    let mut tables: Vec<String> = f.defects.iter().map(|d| d.table.clone()).collect();
    tables.dedup();
    let mut kinds: Vec<String> = f.defects.iter().map(|d| d.kind.clone()).collect();
    kinds.sort();
    kinds.dedup();
    let series: Vec<Bars> = kinds.iter().enumerate().map(|(k, kind)| Bars::new(kind.clone(), tables.iter().map(|t| f.defects.iter().find(|d| &d.table == t && &d.kind == kind).map(|d| d.rows as f64).unwrap_or(0.0)).collect(), k)).collect();
    let short_tables: Vec<String> = tables.iter().map(|t| t.rsplit('.').next().unwrap_or(t).to_string()).collect();
    let chart = svg::grouped_bars("chart-defects", "Injected defects by table and kind", "Grouped bars: rows of each table the simulation damaged on purpose, by kind of defect.", "rows", &short_tables, &series);
    let rows = tables.iter().map(|t| {
        let injected: Vec<String> = f.defects.iter().filter(|d| &d.table == t).map(|d| format!("{} {}", group(d.rows.max(0) as u64), esc(&d.kind))).collect();
        let guards: Vec<_> = f.guards.iter().filter(|g| &g.table == t).collect();
        let saw: Vec<String> = guards.iter().filter(|g| g.status != "pass").map(|g| format!("<code>{}</code> {}", esc(&g.test), verdict(&g.status, g.failures))).collect();
        let passed = guards.iter().filter(|g| g.status == "pass").count();
        vec![esc(t), injected.join(", "), if saw.is_empty() { "none".into() } else { saw.join("<br>") }, passed.to_string()]
    });
    // A test can guard two tables (a relationship reads both), so tests are counted once.
    let distinct = |pass: Option<bool>| f.guards.iter().filter(|g| pass.is_none_or(|p| (g.status == "pass") == p)).map(|g| g.test.as_str()).collect::<std::collections::BTreeSet<_>>().len();
    let (caught, all) = (distinct(Some(false)), distinct(None));
    out.push(Section {
        id: "quality",
        title: "Data quality",
        body: format!(
            "{chart}<p class=caption>Rows the simulation duplicated, delivered late, soft-deleted, nulled, merged or orphaned on purpose, from <code>truth/defects</code>.</p><p class=caption>The data tests on each damaged source table and on the models that read it directly (<code>saaslab test -s source:TABLE+1</code>), run on this warehouse when the report was written: {caught} of {all} saw damage (WARN or FAIL, with the rows they flagged); a PASS on a staging model's key means staging removed the damage before it (deduplicated, filtered soft-deletes). Damage no test flags is what a learner must find by querying.</p>{}",
            table(&["table", "injected", "tests that saw damage", "tests that pass"], rows)
        ),
    });
}

fn verdict(status: &str, failures: u64) -> String {
    match status {
        "pass" => "PASS".into(),
        "warn" => format!("<b>WARN</b> {} rows", group(failures)),
        "fail" => format!("<b>FAIL</b> {} rows", group(failures)),
        _ => "<b>ERROR</b>".into(),
    }
}

