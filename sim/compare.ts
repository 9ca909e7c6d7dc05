/** The comparison operators of `expect` conditions, shared by run gates and load gates. */
export const OPS = ['>=', '>', '<=', '<', '==', '!='] as const;
export type Op = (typeof OPS)[number];

export function compare(a: number, op: Op, b: number): boolean {
  switch (op) {
    case '>=': return a >= b;
    case '>': return a > b;
    case '<=': return a <= b;
    case '<': return a < b;
    case '==': return a === b;
    case '!=': return a !== b;
  }
}
