export declare const REPLY = '@modelroute/worker';
export declare const READY = 0;
export declare const UNRECEIVED = -1;
export declare const MOVED: unique symbol;
export declare function callTag(id: number): number;
export declare function isDetached(item: unknown): boolean;
export declare function describe(error: unknown): string;
