/**
 * Select menus that act once a choice is made. On a closed menu, arrow keys
 * (and typing a letter) change the value and fire `change` at once in
 * Chromium and Firefox on Windows and Linux; acting on each would load a view
 * and push a history entry per key (WCAG 3.2.2, on input). A key's change
 * waits for Enter or for focus to leave the menu; a pick with the mouse, or
 * in the opened list, acts at once.
 *
 * Leaving the menu (Tab, Shift+Tab, a click elsewhere) chooses once focus has
 * arrived where it was going: the new view keeps it there (the next field),
 * rather than on <body> as it would if the view were loaded mid-move (and
 * with nowhere to go, focus returns to the menu: see placeFocus in main.ts).
 */

/** Keys that move a closed menu's value without opening it: arrows, paging, and a printable character (type-ahead; not Space, which opens the list). */
const MOVES = /^(Arrow(Up|Down|Left|Right)|Home|End|PageUp|PageDown|\S)$/u;

/** Call after the menu's initial value is set: that value is the one chosen so far. */
export function onChosen(select: HTMLSelectElement, choose: (value: string) => void): void {
  let chosen = select.value;
  let keyed = false; // the last change came from a key that only moves the value
  const commit = () => {
    if (select.value === chosen) return;
    chosen = select.value;
    choose(chosen);
  };
  select.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') commit();
    else keyed = !e.altKey && !e.ctrlKey && !e.metaKey && MOVES.test(e.key);
  });
  select.addEventListener('pointerdown', () => (keyed = false));
  select.addEventListener('change', () => {
    if (!keyed) commit();
  });
  select.addEventListener('blur', () => {
    if (select.value === chosen) return;
    setTimeout(() => {
      if (!select.isConnected) return; // another view replaced it meanwhile
      commit();
    }, 0);
  });
}
