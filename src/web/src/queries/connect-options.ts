import { useQuery } from '@tanstack/react-query';
import { call, client } from '../api.ts';
import { queryKeys } from './keys.ts';

/** Which ways of connecting the deployment offers (Connect a business needs META_BUSINESS_CONFIG_ID). */
export function useConnectOptions() {
  return useQuery({ queryKey: queryKeys.connectOptions(), queryFn: ({ signal }) => call(client.GET('/api/connect-options', { signal })), staleTime: Infinity });
}
