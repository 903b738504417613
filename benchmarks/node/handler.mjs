// The hand-written Node.js trigger the cold-start benchmark compares with, written the
// way such triggers are written: one DynamoDBClient at module scope (region from AWS_REGION,
// credentials from the default chain, which finds the execution role's environment variables
// first; DYNAMODB_ENDPOINT only for the local benchmark), a GetItem by id = "USER#" + userName,
// and first_name/last_name into the ID token and interesting_value into the access token of a V2
// response. It writes the same response as the seed mapping and the Java baseline for a V2 event.
// It is a baseline, not a product: V2/V3 events only, no configuration, checks or logging.
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb'

const endpoint = process.env.DYNAMODB_ENDPOINT
const client = new DynamoDBClient({ region: process.env.AWS_REGION, ...(endpoint ? { endpoint } : {}) })
const table = process.env.TABLE_NAME || 'users'

export const handler = async (event) => {
  const { Item: item = {} } = await client.send(new GetItemCommand({
    TableName: table,
    Key: { id: { S: 'USER#' + event.userName } }
  }))
  const idClaims = {}
  const accessClaims = {}
  if (item.first_name?.S !== undefined) idClaims.first_name = item.first_name.S
  if (item.last_name?.S !== undefined) idClaims.last_name = item.last_name.S
  if (item.interesting_value?.S !== undefined) accessClaims.interesting_value = item.interesting_value.S
  event.response = event.response || {}
  event.response.claimsAndScopeOverrideDetails = {
    idTokenGeneration: { claimsToAddOrOverride: idClaims, claimsToSuppress: [] },
    accessTokenGeneration: { claimsToAddOrOverride: accessClaims, claimsToSuppress: [], scopesToAdd: [], scopesToSuppress: [] }
  }
  return event
}
