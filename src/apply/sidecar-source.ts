// The text each sidecar document was parsed from. Edits splice into that text (so every byte they
// do not change stays as the admin wrote it: yaml's own printer re-spaces aligned comments and flow
// lists); a document parsed elsewhere has none and is printed by yaml.

import { Document } from 'yaml';

const sources = new WeakMap<Document, string>();

export function rememberSource(doc: Document, text: string): void {
  sources.set(doc, text);
}

export function sourceOf(doc: Document): string | undefined {
  return sources.get(doc);
}
