/** Publishing a chart: a PNG with its title, subtitle and source line in the image, and an iframe snippet. */
import { FONT } from './charts/setup';
import { h } from './dom';

export interface Caption {
  title: string;
  subtitle: string;
  sources: string[];
}

/** A word wider than the line, cut into pieces that fit: a long title or file name must not run off the image. */
function pieces(ctx: CanvasRenderingContext2D, word: string, width: number): string[] {
  if (ctx.measureText(word).width <= width) return [word];
  const out: string[] = [];
  let piece = '';
  for (const ch of word) {
    if (piece && ctx.measureText(piece + ch).width > width) {
      out.push(piece);
      piece = '';
    }
    piece += ch;
  }
  return piece ? [...out, piece] : out;
}

function wrap(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).flatMap((w) => pieces(ctx, w, width))) {
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

/** What an embed posts to the page around it as its height changes (see reportHeight in views/embed.ts). */
export const HEIGHT_MESSAGE = 'crewcount:height';

/**
 * The HTML a newsroom pastes into its CMS. It is shown in a textarea as text, never parsed here.
 * `height` holds until the embed says its own: on a phone its chart and notes are taller. The
 * script heeds only messages from the embed's origin, for the frame that sent them; where a CMS
 * strips scripts, the iframe keeps `height`.
 */
export function iframeSnippet(src: string, title: string, height: number): string {
  const origin = JSON.stringify(new URL(src).origin);
  const listener = `addEventListener("message",function(e){if(e.origin!==${origin}||!e.data||e.data.type!=="${HEIGHT_MESSAGE}")return;document.querySelectorAll("iframe").forEach(function(f){if(f.contentWindow===e.source)f.style.height=e.data.height+"px"})})`;
  return `<iframe src="${attr(src)}" title="${attr(title)}" width="100%" height="${height}" style="border:0" loading="lazy"></iframe>\n<script>${listener}</script>`;
}

/**
 * Copy `text`: through the Clipboard API where there is one (it is missing
 * over plain HTTP on a LAN address), else by selecting it in `fallback`, a
 * field the reader sees and may copy from by hand; without one, in a field
 * of our own kept out of sight, and focus goes back where it was.
 */
export async function copyText(text: string, fallback?: HTMLTextAreaElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (fallback) return copySelected(fallback);
    const was = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const field = h('textarea', { class: 'offscreen', attrs: { readonly: true, 'aria-hidden': 'true', tabindex: -1 } });
    field.value = text;
    document.body.append(field);
    try {
      return copySelected(field);
    } finally {
      field.remove();
      was?.focus({ preventScroll: true });
    }
  }
}

function copySelected(field: HTMLTextAreaElement): boolean {
  field.focus({ preventScroll: true });
  field.select();
  return document.execCommand?.('copy') ?? false;
}
