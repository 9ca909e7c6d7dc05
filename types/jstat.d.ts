/** The few jStat functions invitesim uses (jstat ships no type declarations). */
declare module 'jstat' {
  interface Distribution {
    cdf(x: number, ...params: number[]): number;
    inv(p: number, ...params: number[]): number;
  }
  export const jStat: {
    studentt: Distribution;
    normal: Distribution;
  };
}
