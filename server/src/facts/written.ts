// How a value the analysis cannot tell is shown in messages: its text as written, each run of white
// space as one blank, cut to 40 characters. Such a value can be a whole script block of a large file,
// so only as much of the text is read as those 40 characters need.
import type { Span } from './model';

const SHOWN = 40;
/** Characters read first: 40 shown characters almost always come from fewer (more only after long blank runs). */
const READ = 256;

export function writtenText(text: string, span: Span): string {
  const end = Math.min(span.end, span.start + READ);
  let written = text.slice(span.start, end).replace(/\s+/g, ' ');
  // What is read first collapses to a beginning of the whole (a blank run cut short is one blank either
  // way), so a result longer than 40 characters is settled; a shorter one needs the rest.
  if (end < span.end && written.length <= SHOWN) written = text.slice(span.start, span.end).replace(/\s+/g, ' ');
  return written.length > SHOWN ? written.slice(0, SHOWN - 1) + '…' : written;
}
