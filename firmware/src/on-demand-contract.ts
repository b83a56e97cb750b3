// What the firmware and its on-demand part (on-demand.ts) agree on. The marker opens the comment that carries
// the on-demand part at the end of the firmware file; host/build/on-demand.ts writes it (a test holds the two
// equal).

export const ON_DEMAND_MARK = '/*espkit on-demand\n';
/** The global the on-demand part leaves its functions in; the firmware takes them and deletes it. */
export const ON_DEMAND_GLOBAL = 'espkitOnDemand';
