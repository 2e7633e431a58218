/** Publishing a chart: a PNG with its title, subtitle and source line in the image, and an iframe snippet. */
import { FONT } from './charts/setup';

export interface Caption {
  title: string;
  subtitle: string;
  sources: string[];
}

function wrap(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(next).width > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** The chart's pixels framed by its caption, on white, at the chart's own resolution. */
export function composePng(chart: HTMLCanvasElement, caption: Caption): HTMLCanvasElement {
  const scale = chart.width / (chart.clientWidth || chart.width);
  const pad = 16 * scale;
  const width = chart.width + 2 * pad;
  const out = document.createElement('canvas');
  const ctx = out.getContext('2d')!;
  const blocks: Array<{ font: string; color: string; lines: string[]; lineHeight: number }> = [];
  const block = (size: number, weight: string, color: string, texts: string[]) => {
    ctx.font = `${weight} ${size * scale}px ${FONT}`;
    blocks.push({ font: ctx.font, color, lines: texts.flatMap((t) => wrap(ctx, t, width - 2 * pad)), lineHeight: size * 1.35 * scale });
  };
  block(18, 'bold', '#1a1a1a', [caption.title]);
  block(13, 'normal', '#444444', [caption.subtitle]);
  const head = blocks.reduce((sum, b) => sum + b.lines.length * b.lineHeight, 0);
  block(11, 'normal', '#444444', [...caption.sources, 'Made with CrewCount']);
  const foot = blocks[2]!.lines.length * blocks[2]!.lineHeight;
  out.width = width;
  out.height = Math.ceil(pad + head + pad / 2 + chart.height + pad / 2 + foot + pad);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  let y = pad;
  const draw = (b: (typeof blocks)[number]) => {
    ctx.font = b.font;
    ctx.fillStyle = b.color;
    ctx.textBaseline = 'top';
    for (const line of b.lines) {
      ctx.fillText(line, pad, y);
      y += b.lineHeight;
    }
  };
  draw(blocks[0]!);
  draw(blocks[1]!);
  y += pad / 2;
  ctx.drawImage(chart, pad, y);
  y += chart.height + pad / 2;
  draw(blocks[2]!);
  return out;
}

export function downloadPng(chart: HTMLCanvasElement, caption: Caption, fileName: string): void {
  composePng(chart, caption).toBlob((blob) => {
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }, 'image/png');
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The HTML a newsroom pastes into its CMS. It is shown in a textarea as text, never parsed here. */
export function iframeSnippet(src: string, title: string, height: number): string {
  return `<iframe src="${attr(src)}" title="${attr(title)}" width="100%" height="${height}" style="border:0" loading="lazy"></iframe>`;
}

export async function copyText(text: string, fallback: HTMLTextAreaElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    fallback.focus();
    fallback.select();
    return document.execCommand?.('copy') ?? false;
  }
}
