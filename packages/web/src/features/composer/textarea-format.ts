/** Edits of the composer's text: wrap the selection in markup, insert at the caret. */
export interface TextEdit {
  value: string;
  selectionStart: number;
  selectionEnd: number;
}

/** Wraps the selection in markers (`**`, `__`, `` ` ``), or unwraps it when it is wrapped already. */
export function wrapSelection(current: TextEdit, before: string, after = before): TextEdit {
  const { value, selectionStart: start, selectionEnd: end } = current;
  const selected = value.slice(start, end);
  const wrapped =
    value.slice(start - before.length, start) === before && value.slice(end, end + after.length) === after;
  if (wrapped) {
    return {
      value: value.slice(0, start - before.length) + selected + value.slice(end + after.length),
      selectionStart: start - before.length,
      selectionEnd: end - before.length,
    };
  }
  return {
    value: value.slice(0, start) + before + selected + after + value.slice(end),
    selectionStart: start + before.length,
    selectionEnd: end + before.length,
  };
}

/** Turns the selection into `[text](https://)` with the address selected, ready to type over. */
export function linkSelection(current: TextEdit): TextEdit {
  const { value, selectionStart: start, selectionEnd: end } = current;
  const label = value.slice(start, end) || 'link';
  const url = 'https://';
  const inserted = `[${label}](${url})`;
  const urlStart = start + label.length + 3;
  return {
    value: value.slice(0, start) + inserted + value.slice(end),
    selectionStart: urlStart,
    selectionEnd: urlStart + url.length,
  };
}

/** Inserts text at the caret (replacing the selection). */
export function insertText(current: TextEdit, text: string): TextEdit {
  const { value, selectionStart: start, selectionEnd: end } = current;
  const caret = start + text.length;
  return {
    value: value.slice(0, start) + text + value.slice(end),
    selectionStart: caret,
    selectionEnd: caret,
  };
}
