/**
 * The few DOM helpers the board's views share. Sheet data reaches the page only through
 * textContent and attribute setters (never innerHTML), so a guest called
 * `<script>alert(1)</script>` is just a strange name.
 */
export function $(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing from board.html`);
  return el;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string; attrs?: Record<string, string> } = {},
  children: Array<Node | null | false> = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  for (const child of children) if (child) node.appendChild(child);
  return node;
}

/** Only http(s) links become links; anything else (javascript:, data:) stays text. */
export function safeUrl(url: string): string | null {
  return /^https?:\/\//i.test(url) ? url : null;
}

export function cardElement(id: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`.card[data-id="${CSS.escape(id)}"]`);
}
