#!/usr/bin/env node
/**
 * The CDK entry point (`cdk.json`: `npx tsx infra/app.ts`). Synthesis needs no network:
 *   npx cdk synth -c aws:cdk:bundling-stacks=[]     (templates only, no function bundling)
 *   npx cdk deploy -c panelpack:pageOrigin=https://reports.example.gov.uk
 * Deployment settings are context keys; see infra/deployment-settings.ts and docs/deploy.md.
 */
import { createPanelpackApp } from './panelpack-app.js';

await createPanelpackApp();
