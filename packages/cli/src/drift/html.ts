import type { FeatureComparison } from '@statewatch/feature-drift';
import { PSI_DRIFT_LEVEL, PSI_WARN_LEVEL } from '@statewatch/feature-drift';
import { fixed, percent, smallPercent, verdictText } from './format';

const COLORS = {
  reference: '#6b7fa8',
  current: '#e8833a',
  ok: '#2e7d32',
  warn: '#b7791f',
  drift: '#c62828',
  none: '#777',
};

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Reference and current share of every bin, side by side. */
function sharesChart(feature: FeatureComparison): string {
  const barWidth = 14;
  const groupWidth = barWidth * 2 + 14;
  const height = 160;
  const top = 10;
  const labelSpace = 70;
  const left = 60;
  const width = Math.max(320, left + feature.bins.length * groupWidth);
  const max = Math.max(0.01, ...feature.bins.flatMap((b) => [b.referenceShare, b.currentShare]));
  const y = (share: number) => top + height - (share / max) * height;
  const bars = feature.bins.map((b, i) => {
    const x = left + i * groupWidth;
    const bar = (share: number, dx: number, color: string, who: string) =>
      `<rect x="${x + dx}" y="${y(share).toFixed(1)}" width="${barWidth}" height="${(top + height - y(share)).toFixed(1)}" fill="${color}"><title>${escape(b.range)}: ${who} ${percent(share)}</title></rect>`;
    const label = escape(b.range.length > 16 ? `${b.range.slice(0, 15)}…` : b.range);
    return [
      bar(b.referenceShare, 0, COLORS.reference, 'reference'),
      bar(b.currentShare, barWidth, COLORS.current, 'current'),
      `<text x="${x + barWidth}" y="${top + height + 8}" font-size="10" text-anchor="end" transform="rotate(-40 ${x + barWidth} ${top + height + 8})">${label}</text>`,
    ].join('');
  });
  const axis = [0, 0.5, 1].map((f) => {
    const share = max * f;
    return `<line x1="${left - 4}" x2="${width}" y1="${y(share)}" y2="${y(share)}" stroke="#ddd"/><text x="${left - 8}" y="${y(share) + 3}" font-size="10" text-anchor="end">${percent(share)}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${top + height + labelSpace}" role="img" aria-label="shares per bin">${axis.join('')}${bars.join('')}</svg>`;
}

/** PSI on a scale with the warn level, the drift level and the sample-size critical value. */
function psiScale(feature: FeatureComparison): string {
  const width = 420;
  const value = feature.psi ?? 0;
  const critical = feature.critical ?? 0;
  // The scale shows the thresholds apart; a PSI beyond it fills the bar and says so.
  const max = Math.max(0.4, critical * 1.25);
  const x = (v: number) => 10 + (Math.min(v, max) / max) * (width - 20);
  const anchor = (at: number) => (at < 70 ? 'start' : at > width - 70 ? 'end' : 'middle');
  const mark = (v: number, label: string, color: string, dy: number) =>
    `<line x1="${x(v)}" x2="${x(v)}" y1="8" y2="34" stroke="${color}" stroke-dasharray="3,2"/><text x="${x(v)}" y="${46 + dy}" font-size="10" text-anchor="${anchor(x(v))}" fill="${color}">${label}</text>`;
  const color = COLORS[feature.verdict ?? 'none'];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="70" role="img" aria-label="PSI against thresholds">
<rect x="10" y="14" width="${width - 20}" height="14" fill="#f1f1f1"/>
<rect x="10" y="14" width="${(x(value) - 10).toFixed(1)}" height="14" fill="${color}"/>
<text x="${x(value)}" y="10" font-size="10" text-anchor="${anchor(x(value))}">PSI ${fixed(feature.psi, 3)}${value > max ? ' (off scale) →' : ''}</text>
${mark(PSI_WARN_LEVEL, `warn ${PSI_WARN_LEVEL}`, COLORS.warn, 0)}${mark(PSI_DRIFT_LEVEL, `drift ${PSI_DRIFT_LEVEL}`, COLORS.drift, 0)}${feature.critical === undefined ? '' : mark(critical, `critical ${fixed(critical, 3)}`, '#333', 12)}
</svg>`;
}

/** The new-value line of a feature: values outside the baseline against their critical share. */
function newValuesText(feature: FeatureComparison): string {
  const u = feature.unseen;
  if (u === undefined) return '';
  const verdict = u.newValues
    ? ` <span class="badge" style="background:${COLORS.warn}">new values</span>`
    : '';
  return `<p>New values (outside the baseline): <b>${u.count}</b> of ${feature.n} (${smallPercent(u.share)}) against a critical share of ${smallPercent(u.critical)}, which calm data of this size exceeds 1% of the time.${verdict}</p>`;
}

function section(feature: FeatureComparison): string {
  const color = COLORS[feature.verdict ?? 'none'];
  return `<section>
<h2>${escape(feature.feature)} <span class="badge" style="background:${color}">${escape(verdictText(feature))}</span></h2>
<p>${feature.type}; ${feature.n} values, ${feature.missing} missing. PSI <b>${fixed(feature.psi)}</b> against critical value <b>${fixed(feature.critical)}</b>
(the PSI that data without drift of this size exceeds 1% of the time).</p>
${newValuesText(feature)}
${psiScale(feature)}
<div class="legend"><span style="background:${COLORS.reference}"></span>reference <span style="background:${COLORS.current}"></span>current</div>
${sharesChart(feature)}
</section>`;
}

/** A self-contained HTML report: inline CSS and SVG, no script, no network. */
export function renderHtml(title: string, subtitle: string, features: readonly FeatureComparison[]): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}
section{border-top:1px solid #ddd;padding:1em 0}
.badge{color:#fff;border-radius:4px;padding:0 .4em;font-size:.8em;text-transform:uppercase}
.legend span{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 1em;vertical-align:middle}
</style></head><body>
<h1>${escape(title)}</h1>
<p>${escape(subtitle)}</p>
${features.map(section).join('\n')}
<p style="color:#777;font-size:.85em">Shares are smoothed (Jeffreys, +0.5 a bin) as PSI uses them. Verdict: drift when PSI &gt; max(${PSI_DRIFT_LEVEL}, critical), warn when PSI &gt; max(${PSI_WARN_LEVEL}, critical).</p>
</body></html>
`;
}
