// The dashboard's three charts, drawn with Chart.js bundled into the page (no CDN) and
// coloured from the active VS Code theme.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { ChartDataset } from 'chart.js';
import type { DashboardData } from '../protocol';
import { themeColor, usd } from '../dom';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

const PALETTE = ['blue', 'orange', 'green', 'purple', 'red', 'yellow'];
const FALLBACK = ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'];

function series(i: number): string {
  return themeColor(`charts-${PALETTE[i % PALETTE.length]}`, FALLBACK[i % FALLBACK.length]!);
}

function baseOptions(yLabel: (v: number) => string) {
  const fg = themeColor('foreground', '#cccccc');
  const grid = themeColor('editorWidget-border', 'rgba(128,128,128,0.25)');
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false as const,
    plugins: { legend: { labels: { color: fg, boxWidth: 12 } }, tooltip: { mode: 'index' as const, intersect: false } },
    scales: {
      x: { stacked: true, ticks: { color: fg }, grid: { color: grid } },
      y: { stacked: true, beginAtZero: true, ticks: { color: fg, callback: (v: string | number) => yLabel(Number(v)) }, grid: { color: grid } },
    },
  };
}

function shortDay(day: string): string {
  return day.slice(5); // MM-DD
}

export class DashboardCharts {
  private charts: Chart[] = [];

  constructor(private readonly canvases: { cost: HTMLCanvasElement; tokens: HTMLCanvasElement; cache: HTMLCanvasElement }) {}

  render(data: DashboardData): void {
    this.destroy();
    const labels = data.days.map(shortDay);
    const dayIndex = new Map(data.days.map((d, i) => [d, i]));

    const models = [...new Set(data.dailyByModel.map((r) => r.model))];
    const costSets: ChartDataset<'bar'>[] = models.map((model, i) => {
      const values = new Array<number>(data.days.length).fill(0);
      for (const r of data.dailyByModel) if (r.model === model) values[dayIndex.get(r.day) ?? 0]! += r.costUsd;
      return { label: model, data: values, backgroundColor: series(i) };
    });
    this.charts.push(new Chart(this.canvases.cost, { type: 'bar', data: { labels, datasets: costSets }, options: baseOptions((v) => usd(v)) }));

    const perDay = (pick: (r: DashboardData['daily'][number]) => number) => {
      const values = new Array<number>(data.days.length).fill(0);
      for (const r of data.daily) values[dayIndex.get(r.key) ?? 0] = pick(r);
      return values;
    };
    // Input includes cache reads and writes (the ledger's convention); show the uncached part apart.
    const tokenSets: ChartDataset<'bar'>[] = [
      { label: 'input (uncached)', data: perDay((r) => r.inputTokens - r.cacheReadTokens - r.cacheWriteTokens), backgroundColor: series(0) },
      { label: 'cache read', data: perDay((r) => r.cacheReadTokens), backgroundColor: series(2) },
      { label: 'cache write', data: perDay((r) => r.cacheWriteTokens), backgroundColor: series(5) },
      { label: 'output', data: perDay((r) => r.outputTokens), backgroundColor: series(1) },
    ];
    this.charts.push(new Chart(this.canvases.tokens, { type: 'bar', data: { labels, datasets: tokenSets }, options: baseOptions((v) => v.toLocaleString('en-US')) }));

    const cacheOptions = baseOptions((v) => String(v));
    const fg = themeColor('foreground', '#cccccc');
    this.charts.push(
      new Chart(this.canvases.cache, {
        type: 'bar',
        data: {
          labels,
          datasets: [
            { type: 'bar', label: 'cache hits', data: perDay((r) => r.cacheHits), backgroundColor: series(2), yAxisID: 'y' },
            { type: 'line', label: 'dollars saved', data: perDay((r) => r.savedUsd), borderColor: series(3), backgroundColor: series(3), yAxisID: 'saved' },
          ] as ChartDataset<'bar'>[],
        },
        options: {
          ...cacheOptions,
          scales: {
            ...cacheOptions.scales,
            saved: { position: 'right', beginAtZero: true, ticks: { color: fg, callback: (v: string | number) => usd(Number(v)) }, grid: { display: false } },
          },
        },
      }),
    );
  }

  destroy(): void {
    for (const c of this.charts) c.destroy();
    this.charts = [];
  }
}
