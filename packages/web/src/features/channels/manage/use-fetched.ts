import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../../../app/error-text';

/** What a request answered (undefined until then), its error as text, and a way to ask again. */
export function useFetched<T>(load: () => Promise<T>, key: string) {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [error, setError] = useState('');
  const reload = () =>
    load().then(
      (answer) => {
        setValue(answer);
        setError('');
      },
      (failure) => setError(errorText(failure)),
    );
  useEffect(() => void reload(), [key]);
  return { value, error, reload };
}
