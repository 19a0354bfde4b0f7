export * from './codec.js';
export * from './errors.js';
export * from './limits.js';
export * from './gen/peyk/v1/rpc_pb.js';
export * from './gen/peyk/v1/types_pb.js';
export * from './gen/peyk/v1/updates_pb.js';
export * from './requests.js';
export * from './challenge.js';
