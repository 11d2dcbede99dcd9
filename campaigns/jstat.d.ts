/** The one part of jstat the campaigns use (jstat ships no types). */
declare module 'jstat' {
  export const jStat: {
    studentt: { inv(p: number, dof: number): number };
  };
}
