import { highlightPieces } from '../../lib/highlight';

/** A text (cut around its first match when long) with the query's words marked. */
export function Highlighted({ text, query, max }: { text: string; query: string; max?: number }) {
  return (
    <>
      {highlightPieces(text, query, max).map((piece, i) =>
        piece.match ? <mark key={i}>{piece.text}</mark> : piece.text,
      )}
    </>
  );
}
