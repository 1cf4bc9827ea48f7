/**
 * The Report view: per month and per boat, charters, gross, crew cost, port fee and net, with a
 * bar chart of gross and net per month drawn as inline SVG (no external scripts). Figures come
 * from the server in cents and are only formatted here.
 */
import { formatUsd } from '../../../shared/money';
import type { MonthReport, ReportFigures } from '../../../shared/report';
import type { ReportAnswer } from '../../kanban/server';
import { $, el } from './dom';
import { monthLabel } from './time';

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Gross and net per month as paired bars; negative nets go below the axis. */
export function barChart(report: MonthReport): SVGSVGElement {
  const months = report.months;
  const width = Math.max(320, months.length * 64 + 60);
  const height = 220;
  const top = 16;
  const bottom = 40;
  const max = Math.max(1, ...months.map((m) => Math.max(m.grossCents, m.netCents)));
  const min = Math.min(0, ...months.map((m) => m.netCents));
  const scale = (height - top - bottom) / (max - min);
  const zeroY = top + max * scale;
  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'img',
    'aria-label': 'Gross and net per month',
    class: 'report-chart',
  });
  chart.appendChild(svg('line', { x1: 40, x2: width - 10, y1: zeroY, y2: zeroY, class: 'axis' }));
  months.forEach((m, i) => {
    const x = 48 + i * 64;
    const bar = (value: number, dx: number, kind: string) => {
      const y = value >= 0 ? zeroY - value * scale : zeroY;
      const rect = svg('rect', {
        x: x + dx,
        y,
        width: 22,
        height: Math.max(1, Math.abs(value) * scale),
        class: `bar ${kind}${value < 0 ? ' negative' : ''}`,
      });
      rect.appendChild(svg('title', {}, `${monthLabel(m.month)} ${kind}: ${formatUsd(value)}`));
      chart.appendChild(rect);
    };
    bar(m.grossCents, 0, 'gross');
    bar(m.netCents, 24, 'net');
    chart.appendChild(
      svg('text', { x: x + 23, y: height - bottom + 16, class: 'label' }, monthLabel(m.month)),
    );
  });
  const legend = (x: number, kind: string, text: string) => {
    chart.appendChild(
      svg('rect', { x, y: height - 14, width: 10, height: 10, class: `bar ${kind}` }),
    );
    chart.appendChild(svg('text', { x: x + 14, y: height - 5, class: 'legend' }, text));
  };
  legend(48, 'gross', 'Gross');
  legend(110, 'net', 'Net');
  return chart;
}

const HEAD = ['Month', 'Boat', 'Charters', 'Gross', 'Crew cost', 'Port fee', 'Net'] as const;

/** A cell that carries its column's name, which a phone shows beside the figure (stacked rows). */
function cell(column: (typeof HEAD)[number], text: string, className = ''): HTMLElement {
  return el('td', { className, text, attrs: { 'data-label': column } });
}

function figures(f: ReportFigures): HTMLElement[] {
  return [
    cell('Charters', String(f.charters), 'num'),
    cell('Gross', formatUsd(f.grossCents), 'num'),
    cell('Crew cost', formatUsd(f.crewCostCents), 'num'),
    cell('Port fee', formatUsd(f.portFeeCents), 'num'),
    cell('Net', formatUsd(f.netCents), `num${f.netCents < 0 ? ' negative' : ''}`),
  ];
}

/**
 * The figures as a table; on a phone (panel.css) each row stacks into a small card of
 * "column: figure" lines, so nothing scrolls sideways.
 */
function table(report: MonthReport): HTMLElement {
  const rows: HTMLElement[] = [];
  for (const month of report.months) {
    month.boats.forEach((line, i) =>
      rows.push(
        el('tr', { attrs: { 'data-month': month.month } }, [
          cell('Month', i === 0 ? monthLabel(month.month) : '', 'month'),
          cell('Boat', line.boat, 'boat'),
          ...figures(line),
        ]),
      ),
    );
    rows.push(
      el('tr', { className: 'month-total', attrs: { 'data-month': month.month } }, [
        cell('Month', `${monthLabel(month.month)} total`, 'month'),
        cell('Boat', '', 'boat'),
        ...figures(month),
      ]),
    );
  }
  rows.push(
    el('tr', { className: 'grand-total' }, [
      cell('Month', 'All months', 'month'),
      cell('Boat', '', 'boat'),
      ...figures(report),
    ]),
  );
  return el('div', { className: 'report-table-wrap' }, [
    el('table', { className: 'report-table' }, [
      el('thead', {}, [
        el(
          'tr',
          {},
          HEAD.map((h) => el('th', { text: h })),
        ),
      ]),
      el('tbody', {}, rows),
    ]),
  ]);
}

export function renderReport(answer: ReportAnswer): void {
  const body = $('report-body');
  if (!answer.ok) {
    body.replaceChildren(
      el('p', { className: 'panel-message error', text: answer.message, attrs: { role: 'alert' } }),
    );
    return;
  }
  const { report, problems } = answer;
  body.replaceChildren(
    report.months.length
      ? barChart(report)
      : el('p', {
          className: 'sub',
          text: 'No charters yet: the report fills in as bookings arrive.',
        }),
    ...(report.months.length ? [table(report)] : []),
    ...(problems.length
      ? [
          el('p', {
            className: 'problem',
            text: `\u26a0 Left out (a cell could not be read): ${problems.join('; ')}`,
          }),
        ]
      : []),
  );
}
