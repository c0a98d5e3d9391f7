/** Ids shaped like the API's (`msg_01…`, 24 characters after the prefix), counted per fake. */
export function createIdSource(): {
  message: () => string;
  toolUse: () => string;
  request: () => string;
} {
  const counters = { msg: 0, toolu: 0, req: 0 };
  const next = (prefix: keyof typeof counters) => () => {
    counters[prefix] += 1;
    return `${prefix}_01FAKE${String(counters[prefix]).padStart(18, "0")}`;
  };
  return { message: next("msg"), toolUse: next("toolu"), request: next("req") };
}
