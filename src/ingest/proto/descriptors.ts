// Generated from the .proto files beside this file (protobufjs Root.toJSON of metrics_service.proto and
// remote.proto with their imports), so the decoders need no .proto files at run time (tsc copies none to
// dist/). test/ingest/otlp-descriptors.test.ts fails when this and the .proto files disagree; run it with
// UPDATE_PROTO_DESCRIPTORS=1 to rewrite this file.
export const DESCRIPTORS = {
  nested: {
    opentelemetry: {
      nested: {
        proto: {
          nested: {
            collector: {
              nested: {
                metrics: {
                  nested: {
                    v1: {
                      nested: {
                        ExportMetricsServiceRequest: {
                          fields: {
                            resourceMetrics: {
                              rule: 'repeated',
                              type: 'opentelemetry.proto.metrics.v1.ResourceMetrics',
                              id: 1,
                              protoName: 'resource_metrics',
                            },
                          },
                        },
                        ExportMetricsServiceResponse: {
                          fields: {
                            partialSuccess: {
                              type: 'ExportMetricsPartialSuccess',
                              id: 1,
                              protoName: 'partial_success',
                            },
                          },
                        },
                        ExportMetricsPartialSuccess: {
                          fields: {
                            rejectedDataPoints: {
                              type: 'int64',
                              id: 1,
                              protoName: 'rejected_data_points',
                            },
                            errorMessage: {
                              type: 'string',
                              id: 2,
                              protoName: 'error_message',
                            },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
            metrics: {
              nested: {
                v1: {
                  nested: {
                    ResourceMetrics: {
                      fields: {
                        resource: {
                          type: 'opentelemetry.proto.resource.v1.Resource',
                          id: 1,
                        },
                        scopeMetrics: {
                          rule: 'repeated',
                          type: 'ScopeMetrics',
                          id: 2,
                          protoName: 'scope_metrics',
                        },
                        schemaUrl: {
                          type: 'string',
                          id: 3,
                          protoName: 'schema_url',
                        },
                      },
                      reserved: [[1000, 1000]],
                    },
                    ScopeMetrics: {
                      fields: {
                        scope: {
                          type: 'opentelemetry.proto.common.v1.InstrumentationScope',
                          id: 1,
                        },
                        metrics: {
                          rule: 'repeated',
                          type: 'Metric',
                          id: 2,
                        },
                        schemaUrl: {
                          type: 'string',
                          id: 3,
                          protoName: 'schema_url',
                        },
                      },
                    },
                    Metric: {
                      oneofs: {
                        data: {
                          oneof: ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'],
                        },
                      },
                      fields: {
                        name: {
                          type: 'string',
                          id: 1,
                        },
                        description: {
                          type: 'string',
                          id: 2,
                        },
                        unit: {
                          type: 'string',
                          id: 3,
                        },
                        gauge: {
                          type: 'Gauge',
                          id: 5,
                        },
                        sum: {
                          type: 'Sum',
                          id: 7,
                        },
                        histogram: {
                          type: 'Histogram',
                          id: 9,
                        },
                        exponentialHistogram: {
                          type: 'ExponentialHistogram',
                          id: 10,
                          protoName: 'exponential_histogram',
                        },
                        summary: {
                          type: 'Summary',
                          id: 11,
                        },
                      },
                      reserved: [
                        [4, 4],
                        [6, 6],
                        [8, 8],
                      ],
                    },
                    Gauge: {
                      fields: {
                        dataPoints: {
                          rule: 'repeated',
                          type: 'NumberDataPoint',
                          id: 1,
                          protoName: 'data_points',
                        },
                      },
                    },
                    Sum: {
                      fields: {
                        dataPoints: {
                          rule: 'repeated',
                          type: 'NumberDataPoint',
                          id: 1,
                          protoName: 'data_points',
                        },
                        aggregationTemporality: {
                          type: 'AggregationTemporality',
                          id: 2,
                          protoName: 'aggregation_temporality',
                        },
                        isMonotonic: {
                          type: 'bool',
                          id: 3,
                          protoName: 'is_monotonic',
                        },
                      },
                    },
                    Histogram: {
                      fields: {
                        dataPoints: {
                          rule: 'repeated',
                          type: 'HistogramDataPoint',
                          id: 1,
                          protoName: 'data_points',
                        },
                        aggregationTemporality: {
                          type: 'AggregationTemporality',
                          id: 2,
                          protoName: 'aggregation_temporality',
                        },
                      },
                    },
                    ExponentialHistogram: {
                      fields: {
                        dataPoints: {
                          rule: 'repeated',
                          type: 'ExponentialHistogramDataPoint',
                          id: 1,
                          protoName: 'data_points',
                        },
                        aggregationTemporality: {
                          type: 'AggregationTemporality',
                          id: 2,
                          protoName: 'aggregation_temporality',
                        },
                      },
                    },
                    Summary: {
                      fields: {
                        dataPoints: {
                          rule: 'repeated',
                          type: 'SummaryDataPoint',
                          id: 1,
                          protoName: 'data_points',
                        },
                      },
                    },
                    AggregationTemporality: {
                      values: {
                        AGGREGATION_TEMPORALITY_UNSPECIFIED: 0,
                        AGGREGATION_TEMPORALITY_DELTA: 1,
                        AGGREGATION_TEMPORALITY_CUMULATIVE: 2,
                      },
                    },
                    DataPointFlags: {
                      values: {
                        DATA_POINT_FLAGS_DO_NOT_USE: 0,
                        DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK: 1,
                      },
                    },
                    NumberDataPoint: {
                      oneofs: {
                        value: {
                          oneof: ['asDouble', 'asInt'],
                        },
                      },
                      fields: {
                        attributes: {
                          rule: 'repeated',
                          type: 'opentelemetry.proto.common.v1.KeyValue',
                          id: 7,
                        },
                        startTimeUnixNano: {
                          type: 'fixed64',
                          id: 2,
                          protoName: 'start_time_unix_nano',
                        },
                        timeUnixNano: {
                          type: 'fixed64',
                          id: 3,
                          protoName: 'time_unix_nano',
                        },
                        asDouble: {
                          type: 'double',
                          id: 4,
                          protoName: 'as_double',
                        },
                        asInt: {
                          type: 'sfixed64',
                          id: 6,
                          protoName: 'as_int',
                        },
                        flags: {
                          type: 'uint32',
                          id: 8,
                        },
                      },
                      reserved: [[1, 1]],
                    },
                    HistogramDataPoint: {
                      oneofs: {
                        _sum: {
                          oneof: ['sum'],
                        },
                        _min: {
                          oneof: ['min'],
                        },
                        _max: {
                          oneof: ['max'],
                        },
                      },
                      fields: {
                        attributes: {
                          rule: 'repeated',
                          type: 'opentelemetry.proto.common.v1.KeyValue',
                          id: 9,
                        },
                        startTimeUnixNano: {
                          type: 'fixed64',
                          id: 2,
                          protoName: 'start_time_unix_nano',
                        },
                        timeUnixNano: {
                          type: 'fixed64',
                          id: 3,
                          protoName: 'time_unix_nano',
                        },
                        count: {
                          type: 'fixed64',
                          id: 4,
                        },
                        sum: {
                          type: 'double',
                          id: 5,
                          options: {
                            proto3_optional: true,
                          },
                        },
                        bucketCounts: {
                          rule: 'repeated',
                          type: 'fixed64',
                          id: 6,
                          protoName: 'bucket_counts',
                        },
                        explicitBounds: {
                          rule: 'repeated',
                          type: 'double',
                          id: 7,
                          protoName: 'explicit_bounds',
                        },
                        flags: {
                          type: 'uint32',
                          id: 10,
                        },
                        min: {
                          type: 'double',
                          id: 11,
                          options: {
                            proto3_optional: true,
                          },
                        },
                        max: {
                          type: 'double',
                          id: 12,
                          options: {
                            proto3_optional: true,
                          },
                        },
                      },
                      reserved: [[1, 1]],
                    },
                    ExponentialHistogramDataPoint: {
                      oneofs: {
                        _sum: {
                          oneof: ['sum'],
                        },
                        _min: {
                          oneof: ['min'],
                        },
                        _max: {
                          oneof: ['max'],
                        },
                      },
                      fields: {
                        attributes: {
                          rule: 'repeated',
                          type: 'opentelemetry.proto.common.v1.KeyValue',
                          id: 1,
                        },
                        startTimeUnixNano: {
                          type: 'fixed64',
                          id: 2,
                          protoName: 'start_time_unix_nano',
                        },
                        timeUnixNano: {
                          type: 'fixed64',
                          id: 3,
                          protoName: 'time_unix_nano',
                        },
                        count: {
                          type: 'fixed64',
                          id: 4,
                        },
                        sum: {
                          type: 'double',
                          id: 5,
                          options: {
                            proto3_optional: true,
                          },
                        },
                        scale: {
                          type: 'sint32',
                          id: 6,
                        },
                        zeroCount: {
                          type: 'fixed64',
                          id: 7,
                          protoName: 'zero_count',
                        },
                        positive: {
                          type: 'Buckets',
                          id: 8,
                        },
                        negative: {
                          type: 'Buckets',
                          id: 9,
                        },
                        flags: {
                          type: 'uint32',
                          id: 10,
                        },
                        min: {
                          type: 'double',
                          id: 12,
                          options: {
                            proto3_optional: true,
                          },
                        },
                        max: {
                          type: 'double',
                          id: 13,
                          options: {
                            proto3_optional: true,
                          },
                        },
                        zeroThreshold: {
                          type: 'double',
                          id: 14,
                          protoName: 'zero_threshold',
                        },
                      },
                      nested: {
                        Buckets: {
                          fields: {
                            offset: {
                              type: 'sint32',
                              id: 1,
                            },
                            bucketCounts: {
                              rule: 'repeated',
                              type: 'uint64',
                              id: 2,
                              protoName: 'bucket_counts',
                            },
                          },
                        },
                      },
                    },
                    SummaryDataPoint: {
                      fields: {
                        attributes: {
                          rule: 'repeated',
                          type: 'opentelemetry.proto.common.v1.KeyValue',
                          id: 7,
                        },
                        startTimeUnixNano: {
                          type: 'fixed64',
                          id: 2,
                          protoName: 'start_time_unix_nano',
                        },
                        timeUnixNano: {
                          type: 'fixed64',
                          id: 3,
                          protoName: 'time_unix_nano',
                        },
                        count: {
                          type: 'fixed64',
                          id: 4,
                        },
                        sum: {
                          type: 'double',
                          id: 5,
                        },
                        quantileValues: {
                          rule: 'repeated',
                          type: 'ValueAtQuantile',
                          id: 6,
                          protoName: 'quantile_values',
                        },
                        flags: {
                          type: 'uint32',
                          id: 8,
                        },
                      },
                      reserved: [[1, 1]],
                      nested: {
                        ValueAtQuantile: {
                          fields: {
                            quantile: {
                              type: 'double',
                              id: 1,
                            },
                            value: {
                              type: 'double',
                              id: 2,
                            },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
            common: {
              nested: {
                v1: {
                  nested: {
                    AnyValue: {
                      oneofs: {
                        value: {
                          oneof: [
                            'stringValue',
                            'boolValue',
                            'intValue',
                            'doubleValue',
                            'arrayValue',
                            'kvlistValue',
                            'bytesValue',
                          ],
                        },
                      },
                      fields: {
                        stringValue: {
                          type: 'string',
                          id: 1,
                          protoName: 'string_value',
                        },
                        boolValue: {
                          type: 'bool',
                          id: 2,
                          protoName: 'bool_value',
                        },
                        intValue: {
                          type: 'int64',
                          id: 3,
                          protoName: 'int_value',
                        },
                        doubleValue: {
                          type: 'double',
                          id: 4,
                          protoName: 'double_value',
                        },
                        arrayValue: {
                          type: 'ArrayValue',
                          id: 5,
                          protoName: 'array_value',
                        },
                        kvlistValue: {
                          type: 'KeyValueList',
                          id: 6,
                          protoName: 'kvlist_value',
                        },
                        bytesValue: {
                          type: 'bytes',
                          id: 7,
                          protoName: 'bytes_value',
                        },
                      },
                    },
                    ArrayValue: {
                      fields: {
                        values: {
                          rule: 'repeated',
                          type: 'AnyValue',
                          id: 1,
                        },
                      },
                    },
                    KeyValueList: {
                      fields: {
                        values: {
                          rule: 'repeated',
                          type: 'KeyValue',
                          id: 1,
                        },
                      },
                    },
                    KeyValue: {
                      fields: {
                        key: {
                          type: 'string',
                          id: 1,
                        },
                        value: {
                          type: 'AnyValue',
                          id: 2,
                        },
                      },
                    },
                    InstrumentationScope: {
                      fields: {
                        name: {
                          type: 'string',
                          id: 1,
                        },
                        version: {
                          type: 'string',
                          id: 2,
                        },
                        attributes: {
                          rule: 'repeated',
                          type: 'KeyValue',
                          id: 3,
                        },
                        droppedAttributesCount: {
                          type: 'uint32',
                          id: 4,
                          protoName: 'dropped_attributes_count',
                        },
                      },
                    },
                  },
                },
              },
            },
            resource: {
              nested: {
                v1: {
                  nested: {
                    Resource: {
                      fields: {
                        attributes: {
                          rule: 'repeated',
                          type: 'opentelemetry.proto.common.v1.KeyValue',
                          id: 1,
                        },
                        droppedAttributesCount: {
                          type: 'uint32',
                          id: 2,
                          protoName: 'dropped_attributes_count',
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    prometheus: {
      nested: {
        WriteRequest: {
          fields: {
            timeseries: {
              rule: 'repeated',
              type: 'prometheus.TimeSeries',
              id: 1,
            },
            metadata: {
              rule: 'repeated',
              type: 'prometheus.MetricMetadata',
              id: 3,
            },
          },
          reserved: [[2, 2]],
        },
        MetricMetadata: {
          fields: {
            type: {
              type: 'MetricType',
              id: 1,
            },
            metricFamilyName: {
              type: 'string',
              id: 2,
              protoName: 'metric_family_name',
            },
            help: {
              type: 'string',
              id: 4,
            },
            unit: {
              type: 'string',
              id: 5,
            },
          },
          nested: {
            MetricType: {
              values: {
                UNKNOWN: 0,
                COUNTER: 1,
                GAUGE: 2,
                HISTOGRAM: 3,
                GAUGEHISTOGRAM: 4,
                SUMMARY: 5,
                INFO: 6,
                STATESET: 7,
              },
            },
          },
        },
        Sample: {
          fields: {
            value: {
              type: 'double',
              id: 1,
            },
            timestamp: {
              type: 'int64',
              id: 2,
            },
          },
        },
        Histogram: {
          oneofs: {
            count: {
              oneof: ['countInt', 'countFloat'],
            },
            zeroCount: {
              oneof: ['zeroCountInt', 'zeroCountFloat'],
            },
          },
          fields: {
            countInt: {
              type: 'uint64',
              id: 1,
              protoName: 'count_int',
            },
            countFloat: {
              type: 'double',
              id: 2,
              protoName: 'count_float',
            },
            sum: {
              type: 'double',
              id: 3,
            },
            schema: {
              type: 'sint32',
              id: 4,
            },
            zeroThreshold: {
              type: 'double',
              id: 5,
              protoName: 'zero_threshold',
            },
            zeroCountInt: {
              type: 'uint64',
              id: 6,
              protoName: 'zero_count_int',
            },
            zeroCountFloat: {
              type: 'double',
              id: 7,
              protoName: 'zero_count_float',
            },
            negativeSpans: {
              rule: 'repeated',
              type: 'BucketSpan',
              id: 8,
              protoName: 'negative_spans',
            },
            negativeDeltas: {
              rule: 'repeated',
              type: 'sint64',
              id: 9,
              protoName: 'negative_deltas',
            },
            negativeCounts: {
              rule: 'repeated',
              type: 'double',
              id: 10,
              protoName: 'negative_counts',
            },
            positiveSpans: {
              rule: 'repeated',
              type: 'BucketSpan',
              id: 11,
              protoName: 'positive_spans',
            },
            positiveDeltas: {
              rule: 'repeated',
              type: 'sint64',
              id: 12,
              protoName: 'positive_deltas',
            },
            positiveCounts: {
              rule: 'repeated',
              type: 'double',
              id: 13,
              protoName: 'positive_counts',
            },
            resetHint: {
              type: 'ResetHint',
              id: 14,
              protoName: 'reset_hint',
            },
            timestamp: {
              type: 'int64',
              id: 15,
            },
          },
          nested: {
            ResetHint: {
              values: {
                UNKNOWN: 0,
                YES: 1,
                NO: 2,
                GAUGE: 3,
              },
            },
          },
        },
        BucketSpan: {
          fields: {
            offset: {
              type: 'sint32',
              id: 1,
            },
            length: {
              type: 'uint32',
              id: 2,
            },
          },
        },
        TimeSeries: {
          fields: {
            labels: {
              rule: 'repeated',
              type: 'Label',
              id: 1,
            },
            samples: {
              rule: 'repeated',
              type: 'Sample',
              id: 2,
            },
            histograms: {
              rule: 'repeated',
              type: 'Histogram',
              id: 4,
            },
          },
        },
        Label: {
          fields: {
            name: {
              type: 'string',
              id: 1,
            },
            value: {
              type: 'string',
              id: 2,
            },
          },
        },
      },
    },
  },
};
