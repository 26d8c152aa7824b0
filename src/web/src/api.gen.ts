// Generated from GET /api/openapi.json by openapi-typescript: do not edit. `npm run api:types` rewrites it;
// test/web/api-types.test.ts fails while it differs from what the server serves.
export interface paths {
    "/api/ad-accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One page of the workspace’s ad accounts, by name
         * @description **Who:** A signed-in person, or an API key (`read` for GETs).
         */
        get: operations["getAdAccounts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ad-accounts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One ad account
         * @description **Who:** A signed-in person, or an API key (`read` for GETs).
         */
        get: operations["getAdAccountsByid"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ad-accounts/{id}/campaigns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The stored campaigns of an ad account, and whether they may be managed now
         * @description **Who:** A signed-in person, or an API key (`read` for GETs).
         */
        get: operations["getAdAccountsByidCampaigns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ad-accounts/{id}/campaigns/{campaignId}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause or resume a campaign (a healthy token that may manage the account is needed)
         * @description **Who:** Signed-in people, or API keys with `campaigns:manage`.
         */
        post: operations["postAdAccountsByidCampaignsBycampaignIdStatus"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ad-accounts/{id}/insights": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Stored daily insights of an ad account (readable whatever the token status)
         * @description **Who:** A signed-in person, or an API key (`read` for GETs).
         */
        get: operations["getAdAccountsByidInsights"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alerts/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Email and Telegram deliveries, newest first: the member’s own, or the workspace’s (admins, `scope=workspace`)
         * @description **Who:** Signed-in people only (not API keys).
         */
        get: operations["getAlertsDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alerts/preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The member’s alert channels and preferences
         * @description **Who:** Signed-in people only (not API keys).
         */
        get: operations["getAlertsPreferences"];
        /**
         * Switch alert types on or off per channel
         * @description **Who:** Signed-in people only (not API keys).
         */
        put: operations["putAlertsPreferences"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alerts/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Workspace alert settings
         * @description **Who:** Workspace admins only.
         */
        get: operations["getAlertsSettings"];
        /**
         * Require critical alerts for everyone
         * @description **Who:** Workspace admins only.
         */
        put: operations["putAlertsSettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alerts/telegram": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The workspace bot and the member’s link
         * @description **Who:** Signed-in people only (not API keys).
         */
        get: operations["getAlertsTelegram"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alerts/telegram/bot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set the workspace’s Telegram bot (checked with Telegram, stored encrypted, never returned)
         * @description **Who:** Workspace admins only.
         */
        put: operations["putAlertsTelegramBot"];
        post?: never;
        /**
         * Remove the workspace’s bot
         * @description **Who:** Workspace admins only.
         */
        delete: operations["deleteAlertsTelegramBot"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alerts/telegram/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * “I sent the code”: read the bot’s updates now
         * @description **Who:** Signed-in people only (not API keys).
         */
        post: operations["postAlertsTelegramCheck"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alerts/telegram/link": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Unlink the member’s Telegram chat
         * @description **Who:** Signed-in people only (not API keys).
         */
        delete: operations["deleteAlertsTelegramLink"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alerts/telegram/link-code": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A one-time code to link the member’s Telegram chat
         * @description **Who:** Signed-in people only (not API keys).
         */
        post: operations["postAlertsTelegramLinkCode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The workspace’s API keys, newest first, revoked ones included (never a key or its hash)
         * @description Keys are made by an operator (`wevion api-keys create`); the key itself is shown only then.
         *
         *     **Who:** Workspace admins only.
         */
        get: operations["getApiKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an API key: every process refuses it (401) from its next request on
         * @description The key stays listed, with `revokedAt` (the record of token checkouts names it). Revoking a revoked key changes nothing.
         *
         *     **Who:** Workspace admins only.
         */
        delete: operations["deleteApiKeysByid"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/catalogs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One page of the workspace’s product catalogs, by name
         * @description **Who:** A signed-in person, or an API key (`read` for GETs).
         */
        get: operations["getCatalogs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/connect-options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Which ways of connecting this deployment offers (the Meta Users page’s buttons)
         * @description **Who:** A signed-in person, or an API key (`read` for GETs).
         */
        get: operations["getConnectOptions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/graph-errors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report what Meta answered: our classification, and our verification on a 190/102
         * @description `body` and `headers` are Meta’s text as received: a NUL in them is removed and a lone UTF-16 surrogate replaced by U+FFFD (the rest kept), never refused; the other fields are refused like any input.
         *
         *     **Who:** API keys with `tokens:checkout` or `graph:proxy`.
         */
        post: operations["postGraphErrors"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/graph/proxy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make a Graph call with the right token (classification, retries, verification on 190/102); tokens in the answer are masked
         * @description **Who:** Signed-in people, or API keys with `graph:proxy`.
         */
        post: operations["postGraphProxy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The jobs (a fixed set, so not paged) and their last runs
         * @description **Who:** Workspace admins only.
         */
        get: operations["getJobs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs/{name}/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run a job now and answer its summary
         * @description **Who:** Workspace admins only.
         */
        post: operations["postJobsBynameRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who is calling: the signed-in member, or the API key
         * @description **Who:** A signed-in person, or an API key (`read` for GETs).
         */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * The member’s language
         * @description **Who:** Signed-in people only (not API keys).
         */
        patch: operations["patchMe"];
        trace?: never;
    };
    "/api/meta-app": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether Meta accepts the app itself (the admins’ banner)
         * @description **Who:** Workspace admins only.
         */
        get: operations["getMetaApp"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/meta-signals/data-deletions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The data deletion requests that reached this workspace, newest first
         * @description **Who:** Workspace admins only.
         */
        get: operations["getMetaSignalsDataDeletions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/meta-users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One page of the workspace’s profiles, by name or attention first
         * @description `order=attention`: Expired, Inactive, needs reconnect, a declined permission, then the rest, each by name (the Meta Users page’s default); `order=name` (default): by name. Each profile says what its broken token stops (`impact`).
         *
         *     **Who:** A signed-in person, or an API key (`read` for GETs).
         */
        get: operations["getMetaUsers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/meta-users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One profile
         * @description **Who:** A signed-in person, or an API key (`read` for GETs).
         */
        get: operations["getMetaUsersByid"];
        put?: never;
        post?: never;
        /**
         * Remove the profile and its token
         * @description The person who connected it, or an admin.
         *
         *     **Who:** Signed-in people only (not API keys).
         */
        delete: operations["deleteMetaUsersByid"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/meta-users/{id}/assets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What one profile reaches (for a profile that is not Active: what it reached when it stopped), by kind then name, each with who still covers it and what stopped
         * @description **Who:** A signed-in person, or an API key (`read` for GETs).
         */
        get: operations["getMetaUsersByidAssets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/meta-users/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The profile’s health timeline, newest first
         * @description **Who:** A signed-in person, or an API key (`read` for GETs).
         */
        get: operations["getMetaUsersByidEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/meta-users/{id}/reconnect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The Meta dialog URL to reconnect the profile (`auth_type=rerequest` when permissions were declined)
         * @description The person who connected it, or an admin. A business connection: the Connect a business dialog (admins only).
         *
         *     **Who:** Signed-in people only (not API keys).
         */
        post: operations["postMetaUsersByidReconnect"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/meta-users/{id}/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The profile’s last “Sync now”, and when the next is allowed
         * @description **Who:** A signed-in person, or an API key (`read` for GETs).
         */
        get: operations["getMetaUsersByidSync"];
        put?: never;
        /**
         * “Sync now”: verify the token, refresh it when due, then discovery and permission sync
         * @description **Who:** Signed-in people, or API keys with `sync:run`.
         */
        post: operations["postMetaUsersByidSync"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/meta-users/attention": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The profiles that need someone to act: Expired, Inactive, Active but not renewed by Meta (“needs reconnect soon”), or a user token with a declined permission
         * @description A member’s own profiles (those they connected); an admin’s whole workspace. `count` is of all of them; `metaUsers` one page, most urgent first (Expired, Inactive, needs reconnect, missing permission), each by name.
         *
         *     **Who:** Signed-in people only (not API keys).
         */
        get: operations["getMetaUsersAttention"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/meta-users/system": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a System User token (checked with Meta first; nothing is stored when it is refused)
         * @description **Who:** Workspace admins only.
         */
        post: operations["postMetaUsersSystem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The member’s notifications, newest first, and how many are unread
         * @description **Who:** Signed-in people only (not API keys).
         */
        get: operations["getNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark one notification read
         * @description **Who:** Signed-in people only (not API keys).
         */
        post: operations["postNotificationsByidRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This document (OpenAPI 3.1), generated from the schemas that validate requests
         * @description Public: it describes shapes, never data, and the services and tools that generate clients from it need it before they hold a key.
         *
         *     **Who:** Anyone.
         */
        get: operations["getOpenapiJson"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/outbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The mail the service wrote (demo mode keeps every email here), newest first
         * @description **Who:** Workspace admins only.
         */
        get: operations["getOutbox"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One page of the workspace’s fan pages, by name
         * @description **Who:** A signed-in person, or an API key (`read` for GETs).
         */
        get: operations["getPages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/permissions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The Meta permissions Wevion requests, in order, with what each allows and what stops without it
         * @description **Who:** A signed-in person, or an API key (`read` for GETs).
         */
        get: operations["getPermissions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pixels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One page of the workspace’s pixels, by name
         * @description **Who:** A signed-in person, or an API key (`read` for GETs).
         */
        get: operations["getPixels"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public-info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What the sign-in page may know before anyone signs in (the demo hint, in demo mode only)
         * @description **Who:** Anyone.
         */
        get: operations["getPublicInfo"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether this browser is signed in: the member, or null
         * @description What the UI asks when it starts: never a 401 (the sign-in page asks before anyone has signed in, and a refused request is a console error in every browser). An API key is no session: null.
         *
         *     **Who:** Anyone.
         */
        get: operations["getSession"];
        put?: never;
        /**
         * Sign in: sets the `wevion_session` cookie (HttpOnly, SameSite=Lax)
         * @description **Who:** Anyone.
         */
        post: operations["postSession"];
        /**
         * Sign out (ends the session, clears the cookie)
         * @description **Who:** Anyone.
         */
        delete: operations["deleteSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tokens/checkout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check out a healthy token for an asset or a profile (the broker’s choice), recorded
         * @description **Who:** API keys with `tokens:checkout`.
         */
        post: operations["postTokensCheckout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tokens/checkouts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The record of token checkouts, newest first (never the token)
         * @description **Who:** Workspace admins only.
         */
        get: operations["getTokensCheckouts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The workspace’s endpoints (at most 20, so not paged) and the events one may subscribe to
         * @description **Who:** Workspace admins only.
         */
        get: operations["getWebhooks"];
        put?: never;
        /**
         * Add an endpoint (at most 20 per workspace); its signing secret is in this answer only
         * @description **Who:** Workspace admins only.
         */
        post: operations["postWebhooks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove an endpoint, its deliveries and its secret
         * @description **Who:** Workspace admins only.
         */
        delete: operations["deleteWebhooksByid"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An endpoint’s deliveries, newest first
         * @description **Who:** Workspace admins only.
         */
        get: operations["getWebhooksByidDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connect/meta": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Connect Meta Account: a browser navigation to Meta’s dialog (14 permissions, a single-use `state` bound to the session)
         * @description Not signed in: a redirect to `/login?next=/meta-users`.
         *
         *     **Who:** Anyone.
         */
        get: operations["getConnectMeta"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connect/meta/business": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Connect a business: a browser navigation to Meta’s Facebook Login for Business dialog with the system-user configuration (`config_id`, `response_type=code`, `override_default_response_type=true`, a single-use `state` bound to the session, no `scope`)
         * @description Admins only (403 otherwise); 404 when META_BUSINESS_CONFIG_ID is not set. Not signed in: a redirect to `/login?next=/connect/meta/business`. The client’s admin picks the business and the assets to share on Meta; the callback stores a System User profile of that business (`connection: "business"`), or replaces the token of the one it has.
         *
         *     **Who:** Anyone.
         */
        get: operations["getConnectMetaBusiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connect/meta/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Meta’s redirect back: stores or updates the profile, then back to `/meta-users?result=…` (a reconnect: the profile’s page, `/meta-users/{id}?result=…`)
         * @description **Who:** Anyone.
         */
        get: operations["getConnectMetaCallback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connect/meta/data-deletion": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Meta’s data deletion request callback: everything held about the person is deleted by a job
         * @description Form `signed_request` (at most 64 KiB). Answers the URL of the request’s status page and its confirmation code, as Meta expects. A delivery Meta repeats gets the same code.
         *
         *     **Who:** Anyone.
         */
        post: operations["postConnectMetaDataDeletion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connect/meta/data-deletion/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The status of a data deletion request, for the person who made it (no sign-in: the code is the key)
         * @description An HTML page in the visitor’s language (Italian or English, by `Accept-Language`); with `Accept: application/json` this JSON. An unknown code is 404 (a short page, or the JSON error).
         *
         *     **Who:** Anyone.
         */
        get: operations["getConnectMetaDataDeletionBycode"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connect/meta/deauthorize": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Meta’s deauthorize callback: the person removed the app; their profiles’ tokens are checked at once
         * @description Form `signed_request` (at most 64 KiB). Stored, then a check of every Active profile of that Meta user, in every workspace, is queued before the answer; `GET /me` decides. A delivery Meta repeats is stored once.
         *
         *     **Who:** Anyone.
         */
        post: operations["postConnectMetaDeauthorize"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connect/meta/reconnect/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Reconnect in one click: a browser navigation straight to Meta’s dialog for this profile (`auth_type=rerequest` where permissions were declined), back to the profile’s page
         * @description The link of every “Reconnect” (the app’s buttons, notifications, emails, Telegram). For the person who connected the profile, or an admin; for anyone else in the workspace, and another workspace’s ids, 404. Not signed in: a redirect to `/login?next=…` that comes back here. A business connection: Connect a business again, for admins (its token is replaced by the same business’s new one). A pasted System User profile: its page (its token is replaced by pasting a new one). The `state` is single-use and bound to the session, as Connect’s.
         *
         *     **Who:** Anyone.
         */
        get: operations["getConnectMetaReconnectByid"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connect/meta/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Meta’s verification of the webhooks callback URL: the challenge back, for our verify token only
         * @description **Who:** Anyone.
         */
        get: operations["getConnectMetaWebhooks"];
        put?: never;
        /**
         * Meta’s webhooks (the `permissions` object): checked, stored whole, answered; a job processes them
         * @description JSON signed with `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>` (at most 8 MiB: Meta sends up to 1,000 changes). No Graph call is made before the answer.
         *
         *     **Who:** Anyone.
         */
        post: operations["postConnectMetaWebhooks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The process is alive
         * @description **Who:** Anyone.
         */
        get: operations["getHealthz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description **Who:** Anyone.
         */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The database and the job queue are reachable, and Meta accepts this process’s app credentials (whether Meta accepts the app itself is reported only)
         * @description **Who:** Anyone.
         */
        get: operations["getReadyz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AdAccount: {
            /** @description Why no healthy token may use it; null when one may. */
            blockedReason: components["schemas"]["BlockedReason"] | null;
            /**
             * Format: uuid
             * @description Our id of the owning Business Manager.
             */
            businessId: string | null;
            businessMetaId: string | null;
            businessName: string | null;
            /** @description A healthy token may change it (campaign actions, launches). */
            canManage: boolean;
            /** @description A healthy token may read its data (insights sync runs). */
            canSync: boolean;
            /** @description The ad account’s currency (ISO 4217, Meta’s `currency`), in which its spend is; null until discovery read it. */
            currency: string | null;
            /**
             * Format: uuid
             * @description Our id (UUID).
             */
            id: string;
            /** @description Profiles that reached it until their token stopped being Active (the ones to reconnect). */
            lapsedProfileIds: string[];
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            lastSyncedAt: string | null;
            lastSyncError: {
                at: string;
                category?: string;
                code: string;
                message: string;
                reason?: string;
            } | null;
            /** @description Meta’s id. */
            metaId: string;
            name: string;
            /** @description Profiles holding a permission on it now. */
            profileIds: string[];
        };
        AlertDelivery: {
            attempts: number;
            /** @enum {string} */
            channel: "email" | "telegram";
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            createdAt: string;
            /** Format: uuid */
            id: string;
            lastError: string | null;
            memberEmail: string;
            /** Format: uuid */
            memberId: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            nextAttemptAt: string | null;
            /** Format: uuid */
            notificationId: string;
            notificationType: string;
            /** Format: uuid */
            profileId: string | null;
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            sentAt: string | null;
            /** @enum {string} */
            state: "pending" | "sent" | "failed";
        };
        AlertPreferences: {
            channels: {
                email: {
                    address: string;
                    available: boolean;
                };
                inApp: {
                    available: boolean;
                };
                telegram: {
                    available: boolean;
                    botUsername: string | null;
                    linked: boolean;
                };
            };
            preferences: {
                critical: boolean;
                email: boolean;
                inApp: boolean;
                locked: boolean;
                telegram: boolean;
                /** @enum {string} */
                type: "token_expired" | "token_inactive" | "token_expiring" | "data_access_expiring" | "token_recovered";
            }[];
            requireCritical: boolean;
        };
        AlertSettings: {
            criticalTypes: ("token_expired" | "token_inactive" | "token_expiring" | "data_access_expiring" | "token_recovered")[];
            requireCritical: boolean;
        };
        ApiKey: {
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            createdAt: string;
            /**
             * Format: uuid
             * @description Our id (UUID).
             */
            id: string;
            /**
             * Format: date-time
             * @description Exact to the minute: each process records a key’s use at most once a minute. Null: never used.
             */
            lastUsedAt: string | null;
            name: string;
            /** @description The key’s first characters (`wevk_` and five more), to tell keys apart; never the key. */
            prefix: string;
            /**
             * Format: date-time
             * @description Null while the key works; a revoked key is refused (401) by every process.
             */
            revokedAt: string | null;
            scopes: ("read" | "graph:proxy" | "tokens:checkout" | "campaigns:manage" | "sync:run")[];
        };
        Asset: {
            /** @description Why no healthy token may use it; null when one may. */
            blockedReason: components["schemas"]["BlockedReason"] | null;
            /**
             * Format: uuid
             * @description Our id of the owning Business Manager.
             */
            businessId: string | null;
            businessMetaId: string | null;
            businessName: string | null;
            /**
             * Format: uuid
             * @description Our id (UUID).
             */
            id: string;
            /** @description Profiles that reached it until their token stopped being Active (the ones to reconnect). */
            lapsedProfileIds: string[];
            /** @description Meta’s id. */
            metaId: string;
            name: string;
            /** @description Profiles holding a permission on it now. */
            profileIds: string[];
        };
        /** @enum {string} */
        BlockedReason: "token_expired" | "token_inactive" | "no_permission" | "scope_declined";
        Business: {
            /**
             * Format: uuid
             * @description Our id (UUID).
             */
            id: string;
            /** @description Meta’s id. */
            metaId: string;
            name: string;
        };
        Campaign: {
            /**
             * Format: uuid
             * @description Our id (UUID).
             */
            adAccountId: string;
            effectiveStatus: string | null;
            /**
             * Format: uuid
             * @description Our id (UUID).
             */
            id: string;
            /** @description Meta’s id. */
            metaId: string;
            name: string;
            status: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            updatedAt: string;
        };
        Checkout: {
            /** @description The token itself: keep it in memory, never log it. */
            accessToken: string;
            /** @description Hex HMAC-SHA256 of the token with the app secret; send it with every call. */
            appsecretProof: string;
            /** Format: uuid */
            checkoutId: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            expiresAt: string | null;
            /** @description Meta’s user id of the token’s profile. */
            metaUserId: string;
            /** Format: uuid */
            profileId: string;
            /** @enum {string} */
            tokenType: "user" | "system_user";
            /** @description Check out again after this long. */
            validForSeconds: number;
        };
        CheckoutRecord: {
            /** Format: uuid */
            apiKeyId: string | null;
            apiKeyName: string | null;
            /** Format: uuid */
            assetId: string | null;
            assetMetaId: string | null;
            /** @enum {string|null} */
            assetType: "ad_account" | "page" | "pixel" | "catalog" | null;
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            expiresAt: string;
            /** Format: uuid */
            id: string;
            /** @description Meta’s user id of the profile whose token was handed out. */
            metaUserId: string;
            /** Format: uuid */
            profileId: string | null;
            profileName: string | null;
            purpose: string;
        };
        GraphErrorVerdict: {
            /** @enum {string} */
            category: "token_expired" | "auth_error" | "api_version_refused" | "rate_limited" | "blocked" | "transient" | "server_error" | "permission_denied" | "invalid_request";
            delaysMs: number[];
            /** @enum {string} */
            outcome: "valid" | "expired" | "inactive" | "inconclusive" | "not_checked";
            retry: boolean;
            /**
             * @description The checkout’s token was already replaced: check out again.
             * @enum {boolean}
             */
            stale?: true;
            verifyToken: boolean;
        };
        /** @description One event of the health timeline. `kind`: `connected`, `reconnected`, `system_user_added`, `status_changed`, `refreshed`, `refresh_not_extended`, `refresh_failed`, `verified`, `permissions_declined` (at a connect or reconnect), `reconnect_failed` (cancelled, another Meta account, Meta’s refusal). */
        HealthEvent: {
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            at: string;
            /** @description Meta’s code in words, for status changes. */
            cause: string | null;
            /** @description The stable key of `cause` (`190.460`, `190`, `102`, `validation`). */
            causeKey: string | null;
            /** @description `cause` in each language (meta/token-causes.ts): what the UI shows. */
            causeWords: {
                en: string;
                it: string;
            } | null;
            code: number | null;
            /** @description What the event needs beyond a code: declined permissions, a failed reconnect’s reason. */
            details: {
                /** @description `reconnect_failed` with `different_account`: whom the person signed in on Meta as. */
                actual?: string;
                /**
                 * @description `reconnect_failed`: why no token was put in place.
                 * @enum {string}
                 */
                reason?: "cancelled" | "different_account" | "code_rejected" | "token_invalid" | "meta_unavailable" | "meta_error";
                /** @description `permissions_declined`: the permissions left unticked in Meta’s dialog. */
                scopes?: string[];
            } | null;
            fbtraceId: string | null;
            /** Format: uuid */
            id: string;
            kind: string;
            message: string | null;
            /** @enum {string|null} */
            newStatus: "active" | "inactive" | "expired" | null;
            /** @enum {string|null} */
            oldStatus: "active" | "inactive" | "expired" | null;
            subcode: number | null;
        };
        JobRun: {
            error: string | null;
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            finishedAt: string | null;
            /** Format: uuid */
            id: string;
            job: string;
            /** @description The process that ran it (`serve`, `worker` or `cli`, its host and pid); null for runs recorded before this was kept. */
            runBy: {
                host: string;
                pid: number;
                role: string;
            } | null;
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            startedAt: string;
            /**
             * @description `died`: the process running it stopped renewing its lease (killed) or the run went past the job’s expiry; `finishedAt` is when the lease ended.
             * @enum {string}
             */
            status: "running" | "succeeded" | "failed" | "died";
            /** @description What the run did; its shape is the job’s own (e.g. token-refresh: checked, refreshed, notExtended, failed, skipped). */
            summary?: unknown;
            /** @enum {string} */
            trigger: "schedule" | "manual";
        };
        Member: {
            email: string;
            /**
             * Format: uuid
             * @description Our id (UUID).
             */
            id: string;
            /** @enum {string} */
            locale: "it" | "en";
            name: string;
            /** @enum {string} */
            role: "admin" | "member";
            /**
             * Format: uuid
             * @description Our id (UUID).
             */
            workspaceId: string;
        };
        /** @description Meta’s API version as this deployment uses it (src/meta-facts/api-versions.ts has the dates). */
        MetaApiVersion: {
            /** @description Meta refusing an Ads API call on this version (code 2635). */
            adsRefused: {
                /**
                 * Format: date-time
                 * @description ISO 8601, UTC.
                 */
                at: string;
                message: string;
            } | null;
            /** @description META_GRAPH_VERSION. */
            configured: string;
            /** @description Days left before `endsAt` (0 or less once ended). */
            daysLeft: number | null;
            /**
             * @description Whose date `endsAt` is.
             * @enum {string|null}
             */
            endingApi: "graph" | "marketing" | null;
            /**
             * Format: date-time
             * @description When Meta stops serving the configured version: the earlier of the Graph API’s and the Marketing API’s published dates; null while Meta has not announced it.
             */
            endsAt: string | null;
            /** @description The version Meta answered with (`facebook-api-version`) when it is not the configured one: the configured one has ended. */
            servedAs: string | null;
        };
        MetaAppHealth: {
            apiVersion: components["schemas"]["MetaApiVersion"];
            appId: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            checkedAt: string | null;
            code: number | null;
            healthy: boolean;
            /** @description Token checks waiting until Meta accepts the app again. */
            heldVerifications: number;
            message: string | null;
            /** @description What Meta said of the credentials of the process that answered: refused while they are not the deployment’s (that process is not ready). */
            ownCredentials: {
                message: string | null;
                refused: boolean;
                /**
                 * Format: date-time
                 * @description ISO 8601, UTC.
                 */
                since: string | null;
                /** @enum {string|null} */
                variable: "META_APP_ID" | "META_APP_SECRET" | null;
            };
            /** @enum {string|null} */
            reason: "app_invalid" | "app_token_refused" | "app_refused" | null;
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            since: string | null;
        };
        MetaSignals: {
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            lastDataDeletionAt: string | null;
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            lastDeauthorizeAt: string | null;
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            lastWebhookAt: string | null;
            /** @description The `permissions` webhook subscription Meta holds, compared with what it should be (asked of Meta at most every 5 minutes). */
            subscription: {
                callbackUrl: string | null;
                /**
                 * Format: date-time
                 * @description ISO 8601, UTC.
                 */
                checkedAt: string;
                expectedUrl: string;
                missingFields: string[];
                /** @description Why Meta could not be asked (`unknown`). */
                reason: string | null;
                /** @enum {string} */
                state: "ok" | "missing" | "wrong_url" | "missing_fields" | "inactive" | "unknown";
            } | null;
            /** @description Deliveries stored and not processed yet. */
            unprocessed: number;
            /** @description The three URLs to enter in Meta’s App Dashboard: Deauthorize Callback URL, Data Deletion Request URL, Webhooks callback URL. */
            urls: {
                dataDeletion: string;
                deauthorize: string;
                webhooks: string;
            };
            /** @description Whether META_WEBHOOK_VERIFY_TOKEN is set (the handshake is refused without it). */
            verifyTokenSet: boolean;
        };
        /** @description A Meta profile and its token’s health (never the token). */
        MetaUser: {
            businesses: components["schemas"]["Business"][];
            /** @description The client business a `business` connection belongs to (its profile is keyed by it); null for the others. */
            clientBusiness: components["schemas"]["Business"] | null;
            /**
             * Format: uuid
             * @description The member who connected it (our member id).
             */
            connectedBy: string | null;
            /**
             * @description How the profile was connected: `login` (Connect Meta Account, a user token), `business` (Connect a business: a Business Integration System User token of `clientBusiness`), `pasted` (an admin pasted a System User token).
             * @enum {string}
             */
            connection: "login" | "business" | "pasted";
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            dataAccessExpiresAt: string | null;
            declinedScopes: string[];
            /**
             * Format: date-time
             * @description When the token expires; null: never (System User tokens that do not expire).
             */
            expiresAt: string | null;
            grantedScopes: string[];
            /**
             * Format: uuid
             * @description Our id (UUID).
             */
            id: string;
            /** @description What the broken token stops; null while the profile is Active. The assets themselves: `GET /api/meta-users/{id}/assets`. */
            impact: {
                /** @description Ad accounts it reached when its token stopped. */
                adAccounts: number;
                /** @description Of those, the ones no other healthy token may read: their data sync stopped. */
                uncovered: number;
            } | null;
            lastError: {
                at: string;
                /** @description The stable key of the cause (`190.460`, `190`, `102`, `validation`). */
                causeKey: string;
                /** @description The cause in words, in each language (meta/token-causes.ts): what the UI shows. */
                causeWords: {
                    en: string;
                    it: string;
                };
                code: number | null;
                message: string;
                subcode: number | null;
            } | null;
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            lastRefreshedAt: string | null;
            /** @description Meta’s user id (the System User’s id for those tokens). */
            metaId: string;
            name: string;
            needsReconnect: boolean;
            /** @enum {string} */
            status: "active" | "inactive" | "expired";
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            statusChangedAt: string;
            /** @enum {string} */
            tokenType: "user" | "system_user";
        };
        Notification: {
            /** @description Where to act: for an open problem the one-click reconnect (`/connect/meta/reconnect/{profileId}`, a browser navigation to Meta’s dialog); for a recovery or a resolved problem the profile’s page (`/meta-users/{profileId}`). */
            actionPath: string;
            cause: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            createdAt: string;
            /** Format: uuid */
            id: string;
            impact: string;
            /** @description The in-app text, in the member’s language. */
            message: string;
            /** Format: uuid */
            profileId: string | null;
            profileName: string | null;
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            readAt: string | null;
            /**
             * Format: date-time
             * @description Set when the problem went away (the profile was reconnected).
             */
            resolvedAt: string | null;
            type: string;
        };
        OutboxMessage: {
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            createdAt: string;
            /** Format: uuid */
            deliveryId: string | null;
            from: string;
            html: string;
            /** Format: uuid */
            id: string;
            subject: string;
            text: string;
            to: string;
            /** @enum {string} */
            transport: "outbox" | "smtp";
        };
        Permission: {
            allows: {
                en: string;
                it: string;
            };
            name: string;
            /** @enum {string} */
            scope: "email" | "ads_management" | "ads_read" | "instagram_basic" | "instagram_content_publish" | "pages_manage_ads" | "pages_manage_metadata" | "pages_read_engagement" | "pages_show_list" | "catalog_management" | "instagram_manage_comments" | "instagram_manage_insights" | "read_insights" | "business_management";
            without: {
                en: string;
                it: string;
            };
        };
        PermissionSyncSummary: {
            adAccounts: {
                added: number;
                changed: number;
                removed: number;
            };
            catalogs: {
                added: number;
                changed: number;
                removed: number;
            };
            enqueued?: number;
            failedTokens: number;
            failures: {
                category: string;
                message: string;
                /** Format: uuid */
                profileId: string;
            }[];
            pages: {
                added: number;
                changed: number;
                removed: number;
            };
            pixelLinks: {
                added: number;
                removed: number;
            };
            pixels: {
                added: number;
                changed: number;
                removed: number;
            };
            revokedTokens: number;
            rowsWritten: number;
            tokens: number;
        };
        Pixel: {
            /** @description Our ids of the ad accounts it is linked to. */
            adAccountIds: string[];
            /** @description Why no healthy token may use it; null when one may. */
            blockedReason: components["schemas"]["BlockedReason"] | null;
            /**
             * Format: uuid
             * @description Our id of the owning Business Manager.
             */
            businessId: string | null;
            businessMetaId: string | null;
            businessName: string | null;
            /**
             * Format: uuid
             * @description Our id (UUID).
             */
            id: string;
            /** @description Profiles that reached it until their token stopped being Active (the ones to reconnect). */
            lapsedProfileIds: string[];
            /** @description Meta’s id. */
            metaId: string;
            name: string;
            /** @description Profiles holding a permission on it now. */
            profileIds: string[];
        };
        ProfileAsset: {
            /** @description Another Active profile that may still use it (the broker’s first choice: read an ad account, use a page, pixel or catalog), or null. */
            coveredBy: components["schemas"]["ProfileRef"] | null;
            /**
             * Format: uuid
             * @description Our id (UUID).
             */
            id: string;
            metaId: string;
            name: string;
            /** @description What stopped with this profile’s token because no other healthy token may do it: an ad account’s `sync`, `launches` and `campaign_actions`; another asset’s `use`. Empty while the profile is Active. */
            stops: ("sync" | "launches" | "campaign_actions" | "use")[];
            /** @description Meta’s tasks on it, when its list says them (pages). */
            tasks: string[];
            /** @enum {string} */
            type: "ad_account" | "page" | "pixel" | "catalog";
        };
        ProfileRef: {
            /**
             * Format: uuid
             * @description Our id (UUID).
             */
            id: string;
            name: string;
        };
        SyncSummary: {
            assets: components["schemas"]["PermissionSyncSummary"] | null;
            /** @enum {string|null} */
            assetsSkipped: "token_not_active" | "assets_unavailable" | "failed" | null;
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            finishedAt: string;
            /** Format: uuid */
            profileId: string;
            /** @enum {string} */
            refresh: "refreshed" | "notExtended" | "failed" | "skipped" | "not_due";
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            startedAt: string;
            /** @enum {string} */
            status: "active" | "inactive" | "expired";
            /** @enum {string} */
            verification: "valid" | "expired" | "inactive" | "inconclusive" | "held" | "superseded" | "not_active";
        };
        TelegramLinkCode: {
            botUsername: string;
            code: string;
            command: string;
            deepLink: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            expiresAt: string;
        };
        TelegramStatus: {
            botConfigured: boolean;
            botUsername: string | null;
            linked: boolean;
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            linkedAt: string | null;
        };
        Webhook: {
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            createdAt: string;
            events: ("token.expired" | "token.inactive" | "token.refreshed" | "token.reconnected" | "token.refresh_not_extended" | "app.unhealthy" | "app.recovered" | "app.api_version")[];
            /** Format: uuid */
            id: string;
            url: string;
        };
        WebhookDelivery: {
            attempts: number;
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            createdAt: string;
            /** @enum {string} */
            event: "token.expired" | "token.inactive" | "token.refreshed" | "token.reconnected" | "token.refresh_not_extended" | "app.unhealthy" | "app.recovered" | "app.api_version";
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            finishedAt: string | null;
            /** Format: uuid */
            id: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC.
             */
            lastAttemptAt: string | null;
            lastError: string | null;
            lastStatusCode: number | null;
            /** @enum {string} */
            status: "pending" | "delivered" | "failed";
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getAdAccounts: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page (opaque). */
                after?: string;
                /** @description `true`: only assets no healthy token may use (a `blockedReason` is set); `false`: only the others. */
                blocked?: "true" | "false";
                /** @description Rows per page, 1–500 (default 50). */
                limit?: number;
                /** @description Only assets this profile (our id or its Meta user id) reaches now, or reached until its token stopped being Active. */
                profileId?: string;
                /** @description Only rows whose name contains this (case-insensitive). */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The page: each with who reaches it and whether it is blocked. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        adAccounts: components["schemas"]["AdAccount"][];
                        /** @description Give it as `after` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `scope_missing`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "scope_missing";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getAdAccountsByid: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ad account: our id (UUID) or Meta’s (`act_<n>`, or the bare number). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The ad account. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        adAccount: components["schemas"]["AdAccount"];
                    };
                };
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `scope_missing`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "scope_missing";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getAdAccountsByidCampaigns: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ad account: our id (UUID) or Meta’s (`act_<n>`, or the bare number). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The campaigns, by name. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: uuid
                         * @description Our id (UUID).
                         */
                        adAccountId: string;
                        /** @description Why no healthy token may use it; null when one may. */
                        blockedReason: components["schemas"]["BlockedReason"] | null;
                        campaigns: components["schemas"]["Campaign"][];
                        canManage: boolean;
                    };
                };
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `scope_missing`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "scope_missing";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    postAdAccountsByidCampaignsBycampaignIdStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The campaign: our id (UUID) or Meta’s (its number). */
                campaignId: string;
                /** @description The ad account: our id (UUID) or Meta’s (`act_<n>`, or the bare number). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    status: "PAUSED" | "ACTIVE";
                };
            };
        };
        responses: {
            /** @description The campaign as Meta now has it. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        campaign: components["schemas"]["Campaign"];
                    };
                };
            };
            /** @description Error: `invalid_input`, `invalid_json`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input" | "invalid_json";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `csrf_rejected`, `forbidden`, `scope_missing`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "csrf_rejected" | "forbidden" | "scope_missing";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `token_unavailable`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "token_unavailable";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `payload_too_large`. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "payload_too_large";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `rate_limited`. */
            429: {
                headers: {
                    /** @description Seconds to wait. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "rate_limited";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `meta_rejected`, `meta_unavailable`, `meta_version_refused`. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "meta_rejected" | "meta_unavailable" | "meta_version_refused";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getAdAccountsByidInsights: {
        parameters: {
            query?: {
                /** @description First day (default: 29 days before `to`); a day the calendar has, from 1970-01-01, at most 1098 days before `to`. */
                from?: string;
                /** @description Last day (default: today); a day the calendar has, from 1970-01-01. */
                to?: string;
            };
            header?: never;
            path: {
                /** @description The ad account: our id (UUID) or Meta’s (`act_<n>`, or the bare number). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One row per stored day in the range. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: uuid
                         * @description Our id (UUID).
                         */
                        adAccountId: string;
                        from: string;
                        rows: {
                            clicks: number;
                            date: string;
                            impressions: number;
                            spend: number;
                        }[];
                        to: string;
                    };
                };
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `scope_missing`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "scope_missing";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getAlertsDeliveries: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page (opaque). */
                after?: string;
                /** @description Rows per page, 1–500 (default 50). */
                limit?: number;
                scope?: "mine" | "workspace";
                /** @description Only deliveries in this state. */
                state?: "pending" | "sent" | "failed";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deliveries: components["schemas"]["AlertDelivery"][];
                        /** @description Give it as `after` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getAlertsPreferences: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Preferences. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertPreferences"];
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    putAlertsPreferences: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    preferences: {
                        /** @enum {string} */
                        channel: "email" | "telegram";
                        enabled: boolean;
                        /** @enum {string} */
                        type: "token_expired" | "token_inactive" | "token_expiring" | "data_access_expiring" | "token_recovered";
                    }[];
                };
            };
        };
        responses: {
            /** @description Preferences now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertPreferences"];
                };
            };
            /** @description Error: `invalid_input`, `invalid_json`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input" | "invalid_json";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `csrf_rejected`, `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "csrf_rejected" | "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `preference_locked`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "preference_locked";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `payload_too_large`. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "payload_too_large";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getAlertsSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Settings. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertSettings"];
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    putAlertsSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    requireCritical: boolean;
                };
            };
        };
        responses: {
            /** @description Settings now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertSettings"];
                };
            };
            /** @description Error: `invalid_input`, `invalid_json`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input" | "invalid_json";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `csrf_rejected`, `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "csrf_rejected" | "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `payload_too_large`. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "payload_too_large";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getAlertsTelegram: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Status. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TelegramStatus"];
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    putAlertsTelegramBot: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    botToken: string;
                };
            };
        };
        responses: {
            /** @description Status. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TelegramStatus"];
                };
            };
            /** @description Error: `invalid_input`, `invalid_json`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input" | "invalid_json";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `csrf_rejected`, `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "csrf_rejected" | "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `payload_too_large`. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "payload_too_large";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `invalid_token`. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_token";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `telegram_unavailable`. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "telegram_unavailable";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    deleteAlertsTelegramBot: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `csrf_rejected`, `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "csrf_rejected" | "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    postAlertsTelegramCheck: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Status. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TelegramStatus"];
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `csrf_rejected`, `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "csrf_rejected" | "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `telegram_not_configured`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "telegram_not_configured";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `telegram_unavailable`. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "telegram_unavailable";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    deleteAlertsTelegramLink: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `csrf_rejected`, `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "csrf_rejected" | "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    postAlertsTelegramLinkCode: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The code. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TelegramLinkCode"];
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `csrf_rejected`, `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "csrf_rejected" | "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `telegram_not_configured`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "telegram_not_configured";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getApiKeys: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page (opaque). */
                after?: string;
                /** @description Rows per page, 1–500 (default 50). */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        apiKeys: components["schemas"]["ApiKey"][];
                        /** @description Give it as `after` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    deleteApiKeysByid: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Our id of the key. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `csrf_rejected`, `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "csrf_rejected" | "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getCatalogs: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page (opaque). */
                after?: string;
                /** @description `true`: only assets no healthy token may use (a `blockedReason` is set); `false`: only the others. */
                blocked?: "true" | "false";
                /** @description Rows per page, 1–500 (default 50). */
                limit?: number;
                /** @description Only assets this profile (our id or its Meta user id) reaches now, or reached until its token stopped being Active. */
                profileId?: string;
                /** @description Only rows whose name contains this (case-insensitive). */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The page: each with who reaches it and whether it is blocked. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        catalogs: components["schemas"]["Asset"][];
                        /** @description Give it as `after` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `scope_missing`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "scope_missing";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getConnectOptions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The ways of connecting. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description META_BUSINESS_CONFIG_ID is set: admins may Connect a business. */
                        connectBusiness: boolean;
                        /** @description META_LOGIN_CONFIG_ID is set: Connect Meta Account sends the configuration instead of `scope`. */
                        loginConfiguration: boolean;
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `scope_missing`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "scope_missing";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    postGraphErrors: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Meta’s body as received: `{"error":{…}}`, the error object itself, or text for a 5xx. */
                    body?: unknown;
                    /** Format: uuid */
                    checkoutId?: string;
                    /** @description Meta’s response headers (the usage headers feed our throttle). */
                    headers?: {
                        [key: string]: string;
                    };
                    /** @description Ours, or the Meta user id. */
                    profileId?: string;
                    /** @description The HTTP status Meta answered. */
                    status: number;
                };
            };
        };
        responses: {
            /** @description The verdict. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GraphErrorVerdict"];
                };
            };
            /** @description Error: `invalid_input`, `invalid_json`, `not_a_graph_error`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input" | "invalid_json" | "not_a_graph_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `csrf_rejected`, `scope_missing`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "csrf_rejected" | "scope_missing";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `checkout_not_found`, `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "checkout_not_found" | "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `payload_too_large`. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "payload_too_large";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    postGraphProxy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Use the broker’s choice for this ad account (ours, or `act_<n>`/the number). */
                    adAccountId?: string;
                    /**
                     * @default GET
                     * @enum {string}
                     */
                    method?: "GET" | "POST" | "DELETE";
                    /** @default {} */
                    params?: {
                        [key: string]: string | number | boolean;
                    };
                    path: string;
                    /** @description Use this profile’s token (our id or its Meta user id). */
                    profileId?: string;
                };
            };
        };
        responses: {
            /** @description Meta’s answer, every token in it masked. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data?: unknown;
                    };
                };
            };
            /** @description Error: `invalid_input`, `invalid_json`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input" | "invalid_json";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `csrf_rejected`, `forbidden`, `scope_missing`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "csrf_rejected" | "forbidden" | "scope_missing";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `token_unavailable`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "token_unavailable";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `payload_too_large`. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "payload_too_large";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Meta answered with an error (classified). */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            category: "token_expired" | "auth_error" | "api_version_refused" | "rate_limited" | "blocked" | "transient" | "server_error" | "permission_denied" | "invalid_request";
                            /** @enum {string} */
                            code: "graph_error";
                            fbtraceId: string | null;
                            graphCode: number | null;
                            message: string;
                            subcode: number | null;
                        };
                    };
                };
            };
        };
    };
    getJobs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The jobs, and the time zone their schedules are in. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        jobs: {
                            cron: string | null;
                            description: string;
                            lastRun: components["schemas"]["JobRun"] | null;
                            name: string;
                        }[];
                        /** @description The IANA time zone every `cron` is read in (`SCHEDULE_TIME_ZONE`). */
                        timeZone: string;
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    postJobsBynameRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A job name from `GET /api/jobs`. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The run’s summary. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        job: string;
                        summary?: unknown;
                    };
                };
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `csrf_rejected`, `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "csrf_rejected" | "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `queue_not_started`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "queue_not_started";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A member (session) or a key. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        demoMode: boolean;
                        member: components["schemas"]["Member"];
                    } | {
                        apiKey: {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            workspaceId: string;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `scope_missing`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "scope_missing";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    patchMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    locale: "it" | "en";
                };
            };
        };
        responses: {
            /** @description The member. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        member: components["schemas"]["Member"];
                    };
                };
            };
            /** @description Error: `invalid_input`, `invalid_json`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input" | "invalid_json";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `csrf_rejected`, `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "csrf_rejected" | "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `payload_too_large`. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "payload_too_large";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getMetaApp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The app’s health. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        metaApp: components["schemas"]["MetaAppHealth"];
                        signals?: components["schemas"]["MetaSignals"];
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getMetaSignalsDataDeletions: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page (opaque). */
                after?: string;
                /** @description Rows per page, 1–500 (default 50). */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Give it as `after` for the next page; null on the last page. */
                        nextCursor: string | null;
                        requests: {
                            code: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC.
                             */
                            completedAt: string | null;
                            /** @description What it deleted in this workspace. */
                            deleted: {
                                [key: string]: number;
                            };
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC.
                             */
                            requestedAt: string;
                            /** @enum {string} */
                            status: "pending" | "completed";
                        }[];
                    };
                };
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getMetaUsers: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page (opaque). */
                after?: string;
                /** @description Rows per page, 1–500 (default 50). */
                limit?: number;
                /** @description `name` (default), or `attention`: what needs someone first. A cursor belongs to its order. */
                order?: "name" | "attention";
                /** @description Only rows whose name contains this (case-insensitive). */
                q?: string;
                /** @description Only profiles with this token status. */
                status?: "active" | "inactive" | "expired";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        metaUsers: components["schemas"]["MetaUser"][];
                        /** @description Give it as `after` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `scope_missing`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "scope_missing";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getMetaUsersByid: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The profile: our id (UUID) or Meta’s (its Meta user id). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The profile. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        metaUser: components["schemas"]["MetaUser"];
                    };
                };
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `scope_missing`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "scope_missing";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    deleteMetaUsersByid: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The profile: our id (UUID) or Meta’s (its Meta user id). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `csrf_rejected`, `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "csrf_rejected" | "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getMetaUsersByidAssets: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page (opaque). */
                after?: string;
                /** @description Rows per page, 1–500 (default 50). */
                limit?: number;
                /** @description Only rows whose name contains this (case-insensitive). */
                q?: string;
                /** @description Only this kind. */
                type?: "ad_account" | "page" | "pixel" | "catalog";
            };
            header?: never;
            path: {
                /** @description The profile: our id (UUID) or Meta’s (its Meta user id). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        assets: components["schemas"]["ProfileAsset"][];
                        /** @description Give it as `after` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `scope_missing`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "scope_missing";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getMetaUsersByidEvents: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page (opaque). */
                after?: string;
                /** @description Rows per page, 1–500 (default 50). */
                limit?: number;
            };
            header?: never;
            path: {
                /** @description The profile: our id (UUID) or Meta’s (its Meta user id). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of events. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        events: components["schemas"]["HealthEvent"][];
                        /** @description Give it as `after` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `scope_missing`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "scope_missing";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    postMetaUsersByidReconnect: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The profile: our id (UUID) or Meta’s (its Meta user id). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Where to send the browser. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        url: string;
                    };
                };
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `csrf_rejected`, `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "csrf_rejected" | "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getMetaUsersByidSync: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The profile: our id (UUID) or Meta’s (its Meta user id). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The last run (null: never). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        lastSync: {
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC.
                             */
                            finishedAt: string | null;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC.
                             */
                            startedAt: string;
                            summary: components["schemas"]["SyncSummary"] | {
                                error: string;
                                /** Format: uuid */
                                profileId: string;
                                /**
                                 * Format: date-time
                                 * @description ISO 8601, UTC.
                                 */
                                startedAt: string;
                            } | null;
                        } | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC.
                         */
                        nextAllowedAt: string;
                    };
                };
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `scope_missing`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "scope_missing";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    postMetaUsersByidSync: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The profile: our id (UUID) or Meta’s (its Meta user id). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What the sync did, and the profile after it. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        metaUser: components["schemas"]["MetaUser"] | null;
                        sync: components["schemas"]["SyncSummary"];
                    };
                };
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `csrf_rejected`, `forbidden`, `scope_missing`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "csrf_rejected" | "forbidden" | "scope_missing";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `sync_rate_limited`. */
            429: {
                headers: {
                    /** @description Seconds to wait. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "sync_rate_limited";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getMetaUsersAttention: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page (opaque). */
                after?: string;
                /** @description Rows per page, 1–500 (default 50). */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description How many, and one page of them. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        count: number;
                        metaUsers: components["schemas"]["MetaUser"][];
                        /** @description Give it as `after` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    postMetaUsersSystem: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    accessToken: string;
                    name?: string;
                };
            };
        };
        responses: {
            /** @description The profile. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        metaUser: components["schemas"]["MetaUser"];
                    };
                };
            };
            /** @description Error: `invalid_input`, `invalid_json`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input" | "invalid_json";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `csrf_rejected`, `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "csrf_rejected" | "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `conflict`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "conflict";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `payload_too_large`. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "payload_too_large";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `invalid_token`. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_token";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `meta_unavailable`. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "meta_unavailable";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getNotifications: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page (opaque). */
                after?: string;
                /** @description Rows per page, 1–500 (default 50). */
                limit?: number;
                /** @description `true`: only those neither read nor resolved; `false`: only the others. */
                unread?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page, and the count of unread ones (all pages). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Give it as `after` for the next page; null on the last page. */
                        nextCursor: string | null;
                        notifications: components["schemas"]["Notification"][];
                        /** @description Notifications neither read nor resolved, on every page. */
                        unread: number;
                    };
                };
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    postNotificationsByidRead: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Our id of the notification. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `csrf_rejected`, `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "csrf_rejected" | "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getOpenapiJson: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI 3.1 document. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getOutbox: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page (opaque). */
                after?: string;
                /** @description Rows per page, 1–500 (default 50). */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        demoMode: boolean;
                        messages: components["schemas"]["OutboxMessage"][];
                        /** @description Give it as `after` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getPages: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page (opaque). */
                after?: string;
                /** @description `true`: only assets no healthy token may use (a `blockedReason` is set); `false`: only the others. */
                blocked?: "true" | "false";
                /** @description Rows per page, 1–500 (default 50). */
                limit?: number;
                /** @description Only assets this profile (our id or its Meta user id) reaches now, or reached until its token stopped being Active. */
                profileId?: string;
                /** @description Only rows whose name contains this (case-insensitive). */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The page: each with who reaches it and whether it is blocked. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Give it as `after` for the next page; null on the last page. */
                        nextCursor: string | null;
                        pages: components["schemas"]["Asset"][];
                    };
                };
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `scope_missing`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "scope_missing";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getPermissions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The catalogue. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        permissions: components["schemas"]["Permission"][];
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `scope_missing`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "scope_missing";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getPixels: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page (opaque). */
                after?: string;
                /** @description `true`: only assets no healthy token may use (a `blockedReason` is set); `false`: only the others. */
                blocked?: "true" | "false";
                /** @description Rows per page, 1–500 (default 50). */
                limit?: number;
                /** @description Only assets this profile (our id or its Meta user id) reaches now, or reached until its token stopped being Active. */
                profileId?: string;
                /** @description Only rows whose name contains this (case-insensitive). */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The page: each with who reaches it and whether it is blocked. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Give it as `after` for the next page; null on the last page. */
                        nextCursor: string | null;
                        pixels: components["schemas"]["Pixel"][];
                    };
                };
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `scope_missing`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "scope_missing";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getPublicInfo: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Demo mode and, in it, the demo credentials, and the Meta users of the local emulator with the state the demo gives each. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        demoEmail?: string;
                        demoMetaPassword?: string;
                        demoMetaUsers?: {
                            email: string;
                            name: string;
                            /** @enum {string} */
                            state: "active" | "expiring" | "expired" | "inactive" | "declined";
                        }[];
                        demoMode: boolean;
                        demoPassword?: string;
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The signed-in member, or null. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        demoMode: boolean;
                        member: components["schemas"]["Member"] | null;
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    postSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Signed in. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        member: components["schemas"]["Member"];
                    };
                };
            };
            /** @description Error: `invalid_input`, `invalid_json`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input" | "invalid_json";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `invalid_credentials`, `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_credentials" | "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `csrf_rejected`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "csrf_rejected";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `payload_too_large`. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "payload_too_large";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `too_many_attempts`. */
            429: {
                headers: {
                    /** @description Seconds to wait. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "too_many_attempts";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    deleteSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `csrf_rejected`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "csrf_rejected";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    postTokensCheckout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Ours, or Meta’s (`act_<n>` or the number). */
                    adAccountId?: string;
                    catalogId?: string;
                    pageId?: string;
                    pixelId?: string;
                    /** @description Ours, or the Meta user id. */
                    profileId?: string;
                    /** @enum {string} */
                    purpose: "ads_read" | "ads_management" | "pages_show_list" | "pages_read_engagement" | "pages_manage_ads" | "pages_manage_metadata" | "catalog_management" | "business_management";
                };
            };
        };
        responses: {
            /** @description The token, with `Cache-Control: no-store`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Checkout"];
                };
            };
            /** @description Error: `invalid_input`, `invalid_json`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input" | "invalid_json";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `csrf_rejected`, `scope_missing`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "csrf_rejected" | "scope_missing";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `token_unavailable`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "token_unavailable";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `payload_too_large`. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "payload_too_large";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `rate_limited`. */
            429: {
                headers: {
                    /** @description Seconds to wait. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "rate_limited";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getTokensCheckouts: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page (opaque). */
                after?: string;
                /** @description Rows per page, 1–500 (default 50). */
                limit?: number;
                /** @description Only this profile’s (our id or its Meta user id). */
                profileId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        checkouts: components["schemas"]["CheckoutRecord"][];
                        /** @description Give it as `after` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The endpoints. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        events: ("token.expired" | "token.inactive" | "token.refreshed" | "token.reconnected" | "token.refresh_not_extended" | "app.unhealthy" | "app.recovered" | "app.api_version")[];
                        webhooks: components["schemas"]["Webhook"][];
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    postWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Omit for every event. */
                    events?: ("token.expired" | "token.inactive" | "token.refreshed" | "token.reconnected" | "token.refresh_not_extended" | "app.unhealthy" | "app.recovered" | "app.api_version")[];
                    url: string;
                };
            };
        };
        responses: {
            /** @description The endpoint and its secret. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        note: string;
                        secret: string;
                        webhook: components["schemas"]["Webhook"];
                    };
                };
            };
            /** @description Error: `invalid_input`, `invalid_json`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input" | "invalid_json";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `csrf_rejected`, `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "csrf_rejected" | "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `conflict`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "conflict";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `payload_too_large`. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "payload_too_large";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    deleteWebhooksByid: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Our id of the webhook. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `csrf_rejected`, `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "csrf_rejected" | "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getWebhooksByidDeliveries: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page (opaque). */
                after?: string;
                /** @description Rows per page, 1–500 (default 50). */
                limit?: number;
                /** @description Only deliveries in this state. */
                status?: "pending" | "delivered" | "failed";
            };
            header?: never;
            path: {
                /** @description Our id of the webhook. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deliveries: components["schemas"]["WebhookDelivery"][];
                        /** @description Give it as `after` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getConnectMeta: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A redirect (`Location`). */
            302: {
                headers: {
                    /** @description Where the browser goes next. */
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getConnectMetaBusiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A redirect (`Location`). */
            302: {
                headers: {
                    /** @description Where the browser goes next. */
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getConnectMetaCallback: {
        parameters: {
            query?: {
                code?: string;
                /** @description Meta’s error: `access_denied` when the person cancelled. */
                error?: string;
                error_description?: string;
                state?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A redirect (`Location`). */
            302: {
                headers: {
                    /** @description Where the browser goes next. */
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    postConnectMetaDataDeletion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    /** @description `<signature>.<payload>`, base64url: HMAC-SHA256 of the payload with the app secret. */
                    signed_request: string;
                };
            };
        };
        responses: {
            /** @description The request is recorded. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        confirmation_code: string;
                        url: string;
                    };
                };
            };
            /** @description Error: `invalid_input`, `signal_expired`, `signed_request_invalid`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input" | "signal_expired" | "signed_request_invalid";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `csrf_rejected`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "csrf_rejected";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `payload_too_large`. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "payload_too_large";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getConnectMetaDataDeletionBycode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The confirmation code Meta was given. */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The request. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC.
                         */
                        completedAt: string | null;
                        /** @description What was deleted, by kind: profiles, tokens, timelineEvents, notifications, emails, assetPermissions, checkouts, webhookDeliveries, metaSignals. */
                        deleted: {
                            [key: string]: number;
                        };
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC.
                         */
                        requestedAt: string;
                        /** @enum {string} */
                        status: "pending" | "completed";
                    };
                };
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    postConnectMetaDeauthorize: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    /** @description `<signature>.<payload>`, base64url: HMAC-SHA256 of the payload with the app secret. */
                    signed_request: string;
                };
            };
        };
        responses: {
            /** @description Received. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        duplicate: boolean;
                        /** @enum {boolean} */
                        received: true;
                    };
                };
            };
            /** @description Error: `invalid_input`, `signal_expired`, `signed_request_invalid`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input" | "signal_expired" | "signed_request_invalid";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `csrf_rejected`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "csrf_rejected";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `payload_too_large`. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "payload_too_large";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getConnectMetaReconnectByid: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The profile: our id (UUID) or Meta’s (its Meta user id). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A redirect (`Location`). */
            302: {
                headers: {
                    /** @description Where the browser goes next. */
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getConnectMetaWebhooks: {
        parameters: {
            query?: {
                "hub.challenge"?: string;
                "hub.mode"?: string;
                "hub.verify_token"?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `hub.challenge`, as text. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Error: `invalid_input`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `verify_token_invalid`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "verify_token_invalid";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    postConnectMetaWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    entry: {
                        [key: string]: unknown;
                    }[];
                    object: string;
                };
            };
        };
        responses: {
            /** @description Received. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        duplicate: boolean;
                        /** @enum {boolean} */
                        received: true;
                    };
                };
            };
            /** @description Error: `invalid_input`, `invalid_json`, `signal_expired`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_input" | "invalid_json" | "signal_expired";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `signature_missing`, `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "signature_missing" | "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `csrf_rejected`, `signature_invalid`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "csrf_rejected" | "signature_invalid";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `payload_too_large`. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "payload_too_large";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getHealthz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Alive. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        ok: true;
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Prometheus text. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    getReadyz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        database: boolean;
                        metaApp?: {
                            healthy: boolean;
                            reason: string | null;
                            since: string | null;
                        };
                        metaCredentials?: {
                            message: string | null;
                            ok: boolean;
                            /** @enum {string|null} */
                            variable: "META_APP_ID" | "META_APP_SECRET" | null;
                        };
                        ok: boolean;
                        queue: boolean;
                    };
                };
            };
            /** @description Error: `unauthenticated`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Error: `internal_error`. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "internal_error";
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Not ready. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        database: boolean;
                        metaApp?: {
                            healthy: boolean;
                            reason: string | null;
                            since: string | null;
                        };
                        metaCredentials?: {
                            message: string | null;
                            ok: boolean;
                            /** @enum {string|null} */
                            variable: "META_APP_ID" | "META_APP_SECRET" | null;
                        };
                        ok: boolean;
                        queue: boolean;
                    };
                };
            };
        };
    };
}
