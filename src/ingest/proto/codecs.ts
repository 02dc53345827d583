// protobufjs message types for the OTLP metrics request/response and the remote write request, built
// once from the embedded descriptors (see descriptors.ts).
import protobuf from 'protobufjs';
import { DESCRIPTORS } from './descriptors.js';

const root = protobuf.Root.fromJSON(DESCRIPTORS);

export const ExportMetricsServiceRequestType = root.lookupType(
  'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest',
);
export const ExportMetricsServiceResponseType = root.lookupType(
  'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse',
);
export const WriteRequestType = root.lookupType('prometheus.WriteRequest');
