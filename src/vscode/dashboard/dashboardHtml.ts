// The dashboard's static shell: ids the page script fills in. No data is rendered here.
export const DASHBOARD_BODY = `
<header>
  <h1>Switchboard usage</h1>
  <div class="toolbar" role="toolbar" aria-label="Scope, range and export">
    <span class="scope" role="group" aria-label="Scope">
      <button id="scope-me" class="secondary" aria-pressed="true">Me</button>
      <button id="scope-team" class="secondary" aria-pressed="false">Team</button>
    </span>
    <label for="range">Range</label>
    <select id="range">
      <option value="today">Today</option>
      <option value="7d">Last 7 days</option>
      <option value="30d">Last 30 days</option>
      <option value="month">This month</option>
      <option value="custom">Custom…</option>
    </select>
    <span id="custom-range" hidden>
      <label for="from">from</label> <input id="from" type="date">
      <label for="to">to</label> <input id="to" type="date">
    </span>
    <span id="range-label" class="muted"></span>
    <span id="client-choice">
      <label for="client-filter">Client</label>
      <select id="client-filter"><option value="">All clients</option></select>
    </span>
    <span class="spacer"></span>
    <button id="export-csv" class="secondary">Export CSV</button>
    <button id="export-json" class="secondary">Export JSON</button>
  </div>
  <div id="status" role="status" aria-live="polite">Loading…</div>
</header>
<div id="team-scope" hidden>
<p id="team-source" class="muted"></p>
<section id="team-kpis" class="kpis" aria-label="Team totals"></section>
<section class="tables">
  <div id="team-by-member"></div>
  <div id="team-by-project"></div>
  <div id="team-by-model"></div>
  <div id="team-savings"></div>
</section>
<h2>Top executions across the team</h2>
<section id="team-executions"></section>
<h2>Per day</h2>
<section id="team-by-day"></section>
</div>
<div id="me-scope">
<section id="kpis" class="kpis" aria-label="Totals"></section>
<div id="ledger-health" class="muted" role="status"></div>
<section class="charts">
  <div class="chart"><h2>Daily cost by model</h2><div class="canvas-box"><canvas id="chart-cost" role="img" aria-label="Daily cost stacked by model"></canvas></div></div>
  <div class="chart"><h2>Tokens by type</h2><div class="canvas-box"><canvas id="chart-tokens" role="img" aria-label="Tokens per day by type"></canvas></div></div>
  <div class="chart"><h2>Cache hits and dollars saved</h2><div class="canvas-box"><canvas id="chart-cache" role="img" aria-label="Cache hits and dollars saved per day"></canvas></div></div>
</section>
<section class="tables">
  <div id="by-client"></div>
  <div id="by-model"></div>
  <div id="by-provider"></div>
</section>
<h2>Executions</h2>
<section id="executions"></section>
<section id="drilldown" aria-live="polite"></section>
<h2>MCP servers</h2>
<section id="tool-servers"></section>
<h2>Tools</h2>
<section id="tools"></section>
</div>
`;
