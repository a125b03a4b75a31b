package org.sitewatch.crawler.worker;

import org.apache.kafka.common.TopicPartition;

/** A record's place in its topic. */
record Position(TopicPartition partition, long offset) {
  @Override
  public String toString() {
    return partition + "@" + offset;
  }
}
