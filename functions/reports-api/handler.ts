import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import { z } from 'zod';
import { ENV } from '../core/config.js';
import { listReports, presignReport } from '../core/reports/report-downloads.js';
import { readLambdaSettings, required } from '../lambda-shared/lambda-settings.js';
import { openLocation } from '../lambda-shared/open-location.js';

/** The parts of an HTTP API (payload 2.0) request the API reads. */
const apiRequest = z.object({
  routeKey: z.string(),
  pathParameters: z.object({ key: z.string().optional() }).optional(),
  requestContext: z.object({
    authorizer: z
      .object({ jwt: z.object({ claims: z.object({ sub: z.string().min(1) }).loose() }) })
      .optional(),
  }),
});

const respond = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

/**
 * The clerks' reports API: `GET /reports` lists the rendered reports, `GET /reports/{key}`
 * returns a presigned download URL. API Gateway's Cognito authorizer guards both; a request
 * that reaches here without a signed-in user is refused all the same.
 */
export const handler = async (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const request = apiRequest.safeParse(event);
  if (!request.success || !request.data.requestContext.authorizer) {
    return respond(401, { message: 'Sign in to see and download reports.' });
  }
  const settings = readLambdaSettings();
  const store = openLocation(required(settings.reports, ENV.reports), settings.core);
  const { routeKey, pathParameters } = request.data;
  if (routeKey === 'GET /reports') return respond(200, { reports: await listReports(store) });
  if (routeKey === 'GET /reports/{key+}' && pathParameters?.key) {
    const link = await presignReport(store, pathParameters.key, settings.downloadUrlSeconds);
    if (link) return respond(200, link);
  }
  return respond(404, { message: 'No such report.' });
};
