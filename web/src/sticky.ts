/**
 * The control bar stays at the top of a wide and tall window while the page
 * scrolls (styles.css). Its height, kept in --controls-height on <html>, is
 * the page's scroll-padding-top there: an element that takes focus (Tab,
 * Shift+Tab) scrolls into view below the bar, not under it (WCAG 2.4.11).
 */
import { byId } from './dom';

export function trackControlsHeight(): void {
  const bar = byId('controls');
  if (!bar || typeof ResizeObserver === 'undefined') return;
  // Set through the CSSOM, which the Content-Security-Policy allows (it refuses style attributes in markup).
  const set = () => document.documentElement.style.setProperty('--controls-height', `${Math.ceil(bar.getBoundingClientRect().height)}px`);
  new ResizeObserver(set).observe(bar);
}
