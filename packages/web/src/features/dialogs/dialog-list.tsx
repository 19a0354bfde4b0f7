import type { ClientState } from '@peyk/client';
import type { Dialog } from '@peyk/protocol';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import { DialogRow, ROW_HEIGHT } from './dialog-row';

const OVERSCAN = 6;
let firstRenderMarked = false;

/**
 * The dialog list, windowed: only the rows in view (and a few around) are in the DOM, so a
 * list of thousands of chats scrolls as fast as a list of ten. Arrow keys move between rows.
 */
export function DialogList({
  state,
  dialogs,
  activeId,
}: {
  state: ClientState;
  dialogs: Dialog[];
  activeId: string | undefined;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(800);
  const focusIndex = useRef<number | undefined>(undefined);

  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    setHeight(element.clientHeight || 800);
    const observer = new ResizeObserver(() => setHeight(element.clientHeight || 800));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (firstRenderMarked || dialogs.length === 0) return;
    firstRenderMarked = true;
    // The figure reported as "time to dialog list": after the rows are in the DOM and painted.
    requestAnimationFrame(() => performance.mark('peyk:dialogs-rendered'));
  }, [dialogs.length]);

  useLayoutEffect(() => {
    const index = focusIndex.current;
    if (index === undefined) return;
    focusIndex.current = undefined;
    ref.current?.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus();
  });

  const start = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const end = Math.min(dialogs.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const current = (event.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (!current || !ref.current) return;
    event.preventDefault();
    const next = Number(current.dataset.index) + (event.key === 'ArrowDown' ? 1 : -1);
    if (next < 0 || next >= dialogs.length) return;
    const element = ref.current;
    const top = next * ROW_HEIGHT;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + ROW_HEIGHT > element.scrollTop + element.clientHeight)
      element.scrollTop = top + ROW_HEIGHT - element.clientHeight;
    const rendered = element.querySelector<HTMLElement>(`[data-index="${next}"]`);
    if (rendered) rendered.focus();
    else {
      focusIndex.current = next;
      setScrollTop(element.scrollTop);
    }
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: arrow keys pressed on a row (a link) bubble up here to move between rows.
    <div
      ref={ref}
      class="dialog-list"
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
    >
      <ul
        class="dialog-list-inner"
        aria-label={t('dialogs.listLabel')}
        style={{ height: `${dialogs.length * ROW_HEIGHT}px` }}
      >
        {dialogs.slice(start, end).map((dialog, i) => (
          <DialogRow
            key={dialog.chat?.id}
            state={state}
            dialog={dialog}
            active={dialog.chat?.id === activeId}
            top={(start + i) * ROW_HEIGHT}
            index={start + i}
          />
        ))}
      </ul>
    </div>
  );
}
