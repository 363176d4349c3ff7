/** Stripe's request encoding: application/x-www-form-urlencoded with bracket paths (items[0][price]=…). */

/** Keys that would reach an object's prototype instead of the object. */
const FORBIDDEN = new Set(["__proto__", "prototype", "constructor"]);

export class FormError extends Error {}

/** @param {string} text @returns {Record<string, any>} */
export function parseForm(text) {
  /** @type {Record<string, any>} */
  const root = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const head = key.split("[", 1)[0] ?? key;
    const path = [head, ...[...key.slice(head.length).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] ?? "")];
    if (path.some((segment) => FORBIDDEN.has(segment))) throw new FormError(`Invalid parameter name: ${key}`);
    if (path.length > 16) throw new FormError(`Parameter nested too deep: ${key}`);
    /** @type {any} */
    let node = root;
    path.forEach((segment, i) => {
      const last = i === path.length - 1;
      const nextIsIndex = !last && /^\d*$/.test(path[i + 1] ?? "");
      if (segment === "" && Array.isArray(node)) {
        if (last) node.push(value);
        else node.push((node = nextIsIndex ? [] : {}));
        return;
      }
      if (last) node[segment] = value;
      else node = node[segment] ??= nextIsIndex ? [] : {};
    });
  }
  return root;
}
