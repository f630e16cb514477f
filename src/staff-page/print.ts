/**
 * Printing: the slip for the person, or (with `fiche`) the hand-off fiche alone; the stylesheet's print
 * rules choose by the `print-fiche` class on the root, removed once printing is over.
 */
export function printPage(fiche: boolean, count: () => void): void {
  const root = document.documentElement.classList;
  root.toggle('print-fiche', fiche);
  window.addEventListener('afterprint', () => root.remove('print-fiche'), { once: true });
  count();
  window.print();
}
