import { t } from '../../i18n/i18n';
import type { SearchFilters } from './message-search';

/** Links only, a sender (when `senders` is given: groups), and a date range. */
export function FilterFields({
  filters,
  onChange,
  senders,
}: {
  filters: SearchFilters;
  onChange: (filters: SearchFilters) => void;
  senders?: { id: string; name: string }[];
}) {
  const set = (change: Partial<SearchFilters>) => onChange({ ...filters, ...change });
  return (
    <div class="search-filters">
      <label class="filter-check">
        <input
          type="checkbox"
          checked={filters.linksOnly}
          onChange={(event) => set({ linksOnly: event.currentTarget.checked })}
        />
        {t('search.linksOnly')}
      </label>
      {senders && (
        <label class="filter-field">
          <span>{t('search.sender')}</span>
          <select value={filters.senderId} onChange={(event) => set({ senderId: event.currentTarget.value })}>
            <option value="">{t('search.anyone')}</option>
            {senders.map((sender) => (
              <option key={sender.id} value={sender.id}>
                {sender.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label class="filter-field">
        <span>{t('search.fromDate')}</span>
        <input
          type="date"
          value={filters.from}
          max={filters.to || undefined}
          onChange={(event) => set({ from: event.currentTarget.value })}
        />
      </label>
      <label class="filter-field">
        <span>{t('search.toDate')}</span>
        <input
          type="date"
          value={filters.to}
          min={filters.from || undefined}
          onChange={(event) => set({ to: event.currentTarget.value })}
        />
      </label>
    </div>
  );
}
