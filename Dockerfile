# The hosted demo: CPU-only PyTorch keeps the image near 1 GB instead of several.
FROM python:3.11-slim

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir --index-url https://download.pytorch.org/whl/cpu \
        torch==2.15.0 torchvision==0.29.2 \
    && pip install --no-cache-dir -r requirements.txt

COPY . .

# Mount MNIST at /data (or let the app download it there on first start). The digit
# models for full MNIST ship in nnviz/weights; anything else trained is cached in /cache.
ENV NNVIZ_DATA_DIR=/data \
    NNVIZ_CACHE_DIR=/cache
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8501/_stcore/health', timeout=4)"
# .streamlit/config.toml turns the file watcher off.
CMD ["streamlit", "run", "serve.py", "--server.address=0.0.0.0", "--server.port=8501"]
