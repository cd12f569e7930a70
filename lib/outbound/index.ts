// Outbound HTTP to partner-supplied URLs: the contract other capabilities use.
export { outboundFetch, type OutboundInit, type OutboundOptions, type Resolver } from "./fetch";
export { OutboundError, isOutboundCategory, type OutboundCategory, type OutboundResponse } from "./errors";
export { outboundUrlProblem } from "./url-policy";
