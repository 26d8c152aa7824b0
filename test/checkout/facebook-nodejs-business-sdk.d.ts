// The few parts of Meta's Node SDK the integration test uses (the package ships no types).
declare module 'facebook-nodejs-business-sdk' {
  export class FacebookAdsApi {
    static get GRAPH(): string;
    static init(accessToken: string, locale?: string, crashLog?: boolean): FacebookAdsApi;
  }
  export class AdAccount {
    constructor(id: string);
    getCampaigns(fields: string[], params?: Record<string, unknown>): Promise<Array<Record<string, unknown>>>;
    getInsights(fields: string[], params?: Record<string, unknown>): Promise<Array<Record<string, unknown>>>;
  }
  /** What the SDK throws for a Graph error (not exported by the package: recognised by its name). */
  export interface FacebookRequestError extends Error {
    name: 'FacebookRequestError';
    status: number;
    /** Meta's `error` object (without its envelope). */
    response: { code: number; error_subcode?: number; fbtrace_id?: string; message: string; type?: string };
    headers: Record<string, string>;
  }
  const sdk: { FacebookAdsApi: typeof FacebookAdsApi; AdAccount: typeof AdAccount };
  export default sdk;
}
