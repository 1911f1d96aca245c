/**
 * When a key press is a console shortcut: never while the focus is in a field one types into (text,
 * search, date inputs, textareas, selects, editable content), never with Ctrl, Alt or Meta (the browser's
 * and the screen reader's own shortcuts). Checkboxes, radios and buttons do not take letters, so
 * shortcuts work there.
 */
const NON_TEXT_INPUTS: readonly string[] = ['checkbox', 'radio', 'button', 'submit', 'reset'];

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !NON_TEXT_INPUTS.includes(target.type);
}

export function isShortcut(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing)
    return false;
  return !isTyping(event.target);
}
